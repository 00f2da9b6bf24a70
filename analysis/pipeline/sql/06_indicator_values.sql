-- The long mart: every indicator value at the three levels (municipio, departamento,
-- nacional), with its standard error where published.
select level, code, indicator, year, value, se from int_municipal_values
union all
select level, code, indicator, year, value, se from int_departmental_values
union all
select level, code, indicator, year, value, se from int_national_values
order by level desc, code, indicator
