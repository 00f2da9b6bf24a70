-- National reference values computed from microdata, used to check the build against
-- published figures (INE: 59.3 % poor and 23.4 % extremely poor in 2014).
select
    'ENCOVI 2014' as source,
    2014 as year,
    sum(person_weight * (poverty_class in (1, 2))::int) / sum(person_weight) as pobreza,
    sum(person_weight * (poverty_class = 1)::int) / sum(person_weight) as pobreza_extrema
from stg_encovi_2014_households
