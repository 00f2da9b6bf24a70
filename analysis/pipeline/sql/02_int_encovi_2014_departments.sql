-- Departmental poverty 2014 from ENCOVI household microdata, weighted by persons (FACTOR3).
-- poverty_class: 1 = extreme, 2 = non-extreme poor, 3 = not poor.
select
    'departamento' as level,
    dept_code as code,
    indicator,
    2014 as year,
    value,
    null::double as se
from (
    select
        dept_code,
        sum(person_weight * (poverty_class in (1, 2))::int) / sum(person_weight) as pobreza_2014,
        sum(person_weight * (poverty_class = 1)::int) / sum(person_weight) as pobreza_extrema_2014
    from stg_encovi_2014_households
    group by dept_code
) unpivot (value for indicator in (pobreza_2014, pobreza_extrema_2014))
