-- IGM's published annual totals (SOURCES.md): the monthly table must add up to them, and
-- the sex and age breakdowns must add up to the total of each month.
with annual as (
    select year, sum(persons) as persons from returnees_monthly group by year
),
published (year, persons) as (
    values (2020, 45572), (2021, 63520), (2022, 94216), (2023, 79697), (2024, 76768)
)
select p.year, p.persons as published, a.persons as built
from published as p
left join annual as a using (year)
where a.persons is distinct from p.persons
union all
select s.year, s.value, a.persons
from series as s
join annual as a using (year)
where s.series = 'retornados_igm' and s.value <> a.persons
