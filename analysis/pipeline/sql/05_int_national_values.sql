-- National values (code 0): weighted aggregates of all municipios, plus the sources' own
-- national estimates (poverty map: direct ENCOVI 2023; ENCOVI 2014 from the microdata).
select 'nacional' as level, 0 as code, indicator, year, value, null::double as se
from int_weighted_values
where dept_code is null
union all
select 'nacional', 0, indicator, year, value, null
from int_encovi_2014_poverty
where dept_code is null
union all
select level, code, indicator, year, value, se from stg_values where level = 'nacional'
