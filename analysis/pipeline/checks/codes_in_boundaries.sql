-- every municipal code of every table joins to the boundaries, and the reverse
select 'indicator_values' as tabla, code from indicator_values
where level = 'municipio' and code not in (select muni_code from stg_gazetteer)
union all
select 'series', code from series
where level = 'municipio' and code not in (select muni_code from stg_gazetteer)
union all
select 'boundaries', muni_code from stg_gazetteer where muni_code not in (select muni_code from municipios)
