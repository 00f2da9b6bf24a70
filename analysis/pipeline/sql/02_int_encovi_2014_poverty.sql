-- Poverty 2014 from the ENCOVI household microdata, weighted by persons (FACTOR3), by
-- departamento and nationally (dept_code null). INE published 59.3 % poor, 23.4 % extreme.
-- poverty_class: 1 = extreme, 2 = non-extreme poor, 3 = not poor.
select dept_code, indicator, 2014 as year, value
from (
    select
        dept_code,
        sum(person_weight * (poverty_class in (1, 2))::int) / sum(person_weight) as pobreza_2014,
        sum(person_weight * (poverty_class = 1)::int) / sum(person_weight) as pobreza_extrema_2014
    from stg_encovi_2014_households
    group by grouping sets ((dept_code), ())
) unpivot (value for indicator in (pobreza_2014, pobreza_extrema_2014))
