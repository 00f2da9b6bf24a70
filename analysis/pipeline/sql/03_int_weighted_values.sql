-- Municipal values aggregated with explicit weights to both the departamento and the
-- national level in one pass (GROUPING SETS), by the catalogue's dept_method:
--   hh_weighted   household-weighted mean (census means over households)
--   pop_weighted  population-weighted mean (rates and shares of persons)
--   sum           summed counts
--   ratio_of_sums summed numerators over summed denominators (municipal finance)
--   teacher_weighted  pupils per teacher: municipal ratios weighted by MINEDUC primary
--                 teachers of the latest year each municipio reports (docentes_primaria);
--                 sum(ratio × teachers) / sum(teachers) = pupils / teachers, a ratio of sums
-- A plain mean of municipal rates is never used. `dept_code` is null on national rows.
with teachers as (
    select code, arg_max(value, year) as docentes
    from stg_series
    where series = 'docentes_primaria' and level = 'municipio' and value > 0
    group by code
),
municipal as (
    select v.code // 100 as dept_code, v.indicator, v.year, v.value, w.hogares, w.poblacion,
           t.docentes, c.dept_method
    from int_municipal_values as v
    join stg_catalog as c using (indicator)
    join stg_census_weights as w using (code)
    left join teachers as t using (code)
    where v.value is not null
      and c.dept_method in ('hh_weighted', 'pop_weighted', 'sum', 'teacher_weighted')
      and (c.dept_method <> 'teacher_weighted' or t.docentes is not null)
),
finance as (
    select code // 100 as dept_code, own_revenue, transfers, population_2017
    from int_municipal_finance
)
select
    dept_code,
    indicator,
    max(year) as year,
    case any_value(dept_method)
        when 'hh_weighted' then sum(value * hogares) / sum(hogares)
        when 'pop_weighted' then sum(value * poblacion) / sum(poblacion)
        when 'sum' then sum(value)
        when 'teacher_weighted' then sum(value * docentes) / sum(docentes)
    end as value
from municipal
group by grouping sets ((dept_code, indicator), (indicator))
union all
select dept_code, indicator, 2017, value
from (
    select
        dept_code,
        sum(own_revenue) / nullif(sum(population_2017), 0) as ingresos_propios_pc,
        sum(transfers) / nullif(sum(own_revenue) + sum(transfers), 0) as dependencia_transferencias
    from finance
    group by grouping sets ((dept_code), ())
) unpivot (value for indicator in (ingresos_propios_pc, dependencia_transferencias))
