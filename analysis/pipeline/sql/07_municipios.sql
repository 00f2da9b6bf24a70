-- Wide municipal mart: names, keys, lenses and one column per indicator.
with wide as (
    pivot (select code, indicator, value from int_municipal_values)
    on indicator using first(value) group by code
),
peoples as (
    select code, arg_max(people, share) as pueblo_mayoritario
    from (
        select code, indicator, value as share,
               case indicator
                   when 'poblacion_maya' then 'Maya'
                   when 'poblacion_garifuna' then 'Garífuna'
                   when 'poblacion_xinka' then 'Xinka'
                   when 'poblacion_ladina' then 'Ladino/mestizo'
                   when 'poblacion_afrodescendiente' then 'Afrodescendiente'
               end as people
        from int_municipal_values
        where indicator in ('poblacion_maya', 'poblacion_garifuna', 'poblacion_xinka',
                            'poblacion_ladina', 'poblacion_afrodescendiente')
          and value is not null
    )
    group by code
)
select
    g.muni_code,
    g.muni_name,
    g.dept_code,
    g.dept_name,
    x.pcode,
    p.pueblo_mayoritario,
    w.poblacion_indigena > 0.5 as mayoria_indigena,
    case when w.poblacion_rural > 0.5 then 'rural' else 'urbana' end as area_predominante,
    w.* exclude (code)
from stg_gazetteer as g
left join wide as w on w.code = g.muni_code
left join peoples as p on p.code = g.muni_code
left join stg_pcode_crosswalk as x on x.muni_code = g.muni_code
order by g.muni_code
