-- ENCOVI 2014 and the 2023 poverty map are different surveys and methods: poverty never
-- enters the time-series table, where the trends page would join them into one line.
select level, code, series, year
from series
where series like 'pobreza%' or series like '%_pobreza%'
