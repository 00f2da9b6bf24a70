-- National values (level 'nacional', code 0) with the same explicit weights as the
-- departmental ones: household- or population-weighted means of municipal values, summed
-- counts, ratios of sums; a published national estimate where the source has one (the
-- poverty map's direct ENCOVI 2023 estimate, ENCOVI 2014 from the microdata).
with municipal as (
    select v.indicator, v.year, v.value, w.hogares, w.poblacion, c.dept_method
    from int_municipal_values as v
    join stg_catalog as c using (indicator)
    join stg_census_weights as w using (code)
    where v.value is not null
),
weighted as (
    select
        indicator,
        max(year) as year,
        case
            when any_value(dept_method) = 'hh_weighted' then sum(value * hogares) / sum(hogares)
            when any_value(dept_method) = 'pop_weighted' then sum(value * poblacion) / sum(poblacion)
            when any_value(dept_method) = 'sum' then sum(value)
        end as value
    from municipal
    where dept_method in ('hh_weighted', 'pop_weighted', 'sum')
    group by indicator
),
finance as (
    select
        sum(f.own_revenue) as own_revenue,
        sum(f.transfers) as transfers,
        sum(p.value) as population_2017
    from stg_municipal_finance as f
    left join stg_series as p
        on p.code = f.code and p.series = 'poblacion_proyectada' and p.year = 2017
),
encovi as (
    select
        sum(person_weight * (poverty_class in (1, 2))::int) / sum(person_weight) as pobreza_2014,
        sum(person_weight * (poverty_class = 1)::int) / sum(person_weight) as pobreza_extrema_2014
    from stg_encovi_2014_households
)
select 'nacional' as level, 0 as code, indicator, year, value, null::double as se from weighted
union all
select 'nacional', 0, 'ingresos_propios_pc', 2017, own_revenue / nullif(population_2017, 0), null
from finance
union all
select 'nacional', 0, 'dependencia_transferencias', 2017,
       transfers / nullif(own_revenue + transfers, 0), null
from finance
union all
select 'nacional', 0, indicator, 2014, value, null
from encovi unpivot (value for indicator in (pobreza_2014, pobreza_extrema_2014))
union all
select level, code, indicator, year, value, se from stg_values where level = 'nacional'
