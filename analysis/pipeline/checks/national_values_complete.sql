-- every catalogue indicator has a national value
select c.indicator from indicator_catalog as c
where not exists (
    select 1 from indicator_values as v
    where v.indicator = c.indicator and v.level = 'nacional' and v.value is not null
)
