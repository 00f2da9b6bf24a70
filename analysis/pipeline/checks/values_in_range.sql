select v.level, v.code, v.indicator, v.value, c.range_min, c.range_max
from indicator_values as v
join indicator_catalog as c using (indicator)
where (c.range_min is not null and v.value < c.range_min)
   or (c.range_max is not null and v.value > c.range_max)
