select * from stg_sources order by source_id, file
