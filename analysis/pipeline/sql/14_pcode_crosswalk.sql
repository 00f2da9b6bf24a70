select muni_code, pcode, ocha_name, dept_pcode from stg_pcode_crosswalk order by muni_code
