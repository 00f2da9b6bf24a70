-- every catalogue indicator has values at each level it declares
select c.indicator, l.level
from indicator_catalog as c
cross join (values ('municipio'), ('departamento')) as l(level)
where c.levels like '%' || l.level || '%'
  and not exists (
      select 1 from indicator_values as v
      where v.indicator = c.indicator and v.level = l.level and v.value is not null
  )
