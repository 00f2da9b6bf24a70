select muni_code, count(*) as rows from municipios group by muni_code having count(*) > 1
