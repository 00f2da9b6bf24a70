-- Every municipal indicator value, one row per (code, indicator): source values plus the
-- indicators derived here from staged tables (municipal finance needs the 2017 projection).
with finance as (
    select
        f.code,
        f.own_revenue,
        f.transfers,
        p.value as population_2017
    from stg_municipal_finance as f
    left join stg_series as p
        on p.code = f.code and p.series = 'poblacion_proyectada' and p.year = 2017
)
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
