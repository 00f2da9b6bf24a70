-- Departmental values with explicit weights, by the catalogue's dept_method:
--   hh_weighted   household-weighted mean (census means over households)
--   pop_weighted  population-weighted mean (rates and shares of persons)
--   sum           summed counts
--   ratio_of_sums ratio of summed numerators and denominators (municipal finance)
--   dept_source   a departmental source (poverty map FH estimates, ENCOVI 2014)
-- A plain mean of municipal rates is never used.
with municipal as (
    select v.code // 100 as dept_code, v.indicator, v.year, v.value, w.hogares, w.poblacion,
           c.dept_method
    from int_municipal_values as v
    join stg_catalog as c using (indicator)
    join stg_census_weights as w using (code)
    where v.value is not null
),
weighted as (
    select
        dept_code as code,
        indicator,
        max(year) as year,
        case
            when any_value(dept_method) = 'hh_weighted' then sum(value * hogares) / sum(hogares)
            when any_value(dept_method) = 'pop_weighted' then sum(value * poblacion) / sum(poblacion)
            when any_value(dept_method) = 'sum' then sum(value)
        end as value
    from municipal
    where dept_method in ('hh_weighted', 'pop_weighted', 'sum')
    group by dept_code, indicator
),
finance as (
    select
        f.code // 100 as code,
        sum(f.own_revenue) as own_revenue,
        sum(f.transfers) as transfers,
        sum(p.value) as population_2017
    from stg_municipal_finance as f
    left join stg_series as p
        on p.code = f.code and p.series = 'poblacion_proyectada' and p.year = 2017
    group by f.code // 100
)
select 'departamento' as level, code, indicator, year, value, null::double as se from weighted
union all
select 'departamento', code, 'ingresos_propios_pc', 2017, own_revenue / nullif(population_2017, 0), null
from finance
union all
select 'departamento', code, 'dependencia_transferencias', 2017,
       transfers / nullif(own_revenue + transfers, 0), null
from finance
union all
select level, code, indicator, year, value, se
from stg_values
where level = 'departamento'
union all
select level, code, indicator, year, value, se from int_encovi_2014_departments
