select muni_code, dept_code from municipios where dept_code <> muni_code // 100
