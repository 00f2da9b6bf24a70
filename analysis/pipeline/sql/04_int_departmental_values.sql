-- Departamento values: weighted aggregates of municipios, plus departmental sources
-- (poverty-map FH estimates, ENCOVI 2014 from the microdata) where the catalogue says so.
select 'departamento' as level, dept_code as code, indicator, year, value, null::double as se
from int_weighted_values
where dept_code is not null
union all
select level, code, indicator, year, value, se from stg_values where level = 'departamento'
union all
select 'departamento', dept_code, indicator, year, value, null
from int_encovi_2014_poverty
where dept_code is not null
