-- Every municipal indicator value, one row per (code, indicator): source values plus the
-- indicators derived here from municipal finance and its 2017 population (00).
with finance as (select * from int_municipal_finance)
select level, code, indicator, year, value, se
from stg_values
where level = 'municipio'
union all
select 'municipio', code, 'ingresos_propios_pc', 2017, own_revenue / nullif(population_2017, 0), null
from finance
union all
select 'municipio', code, 'dependencia_transferencias', 2017,
       transfers / nullif(own_revenue + transfers, 0), null
from finance
