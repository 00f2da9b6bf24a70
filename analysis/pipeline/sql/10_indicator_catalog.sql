-- The catalogue as published in the database, with provenance of each indicator.
select
    c.*,
    'source' as origin,
    exists (
        select 1 from int_municipal_values as v where v.indicator = c.indicator and v.se is not null
    ) as has_se
from stg_catalog as c
