-- Wide departmental mart: names, P-code and one column per indicator.
with wide as (
    pivot (select code, indicator, value from int_departmental_values)
    on indicator using first(value) group by code
),
names as (
    select distinct dept_code, dept_name from stg_gazetteer
)
select
    n.dept_code,
    n.dept_name,
    'GT' || lpad(n.dept_code::varchar, 2, '0') as pcode,
    w.* exclude (code)
from names as n
left join wide as w on w.code = n.dept_code
order by n.dept_code
