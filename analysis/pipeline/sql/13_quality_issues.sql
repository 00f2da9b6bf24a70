select * from stg_quality order by source_id, file, row
