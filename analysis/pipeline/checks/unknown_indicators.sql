select distinct indicator from indicator_values
where indicator not in (select indicator from indicator_catalog)
