-- Time series: municipal rows as read, departmental and national rows as summed counts.
with municipal as (
    select level, code, series, year, value from stg_series where level = 'municipio'
)
select level, code, series, year, value from municipal
union all
select 'departamento', code // 100, series, year, sum(value) from municipal group by all
union all
select 'nacional', 0, series, year, sum(value) from municipal group by all
union all
select level, code, series, year, value from stg_series where level = 'nacional'
order by series, level, code, year
