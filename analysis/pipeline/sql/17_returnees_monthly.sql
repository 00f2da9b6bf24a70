-- IGM returnees by month, sex and age group (national; IOM gdidata). Origin is summed
-- away on purpose: from 2024 the source leaves it blank for most rows.
select month::date as month, year, sex, age, persons
from stg_returnees_monthly
order by month, sex, age
