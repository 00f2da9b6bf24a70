-- Municipal finance with the 2017 projected population its per-capita indicators divide by;
-- read by the municipal values (01) and by the weighted departamento and national values (03).
select
    f.code,
    f.own_revenue,
    f.transfers,
    p.value as population_2017
from stg_municipal_finance as f
left join stg_series as p
    on p.code = f.code and p.series = 'poblacion_proyectada' and p.year = 2017
