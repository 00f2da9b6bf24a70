select * from stg_returnee_reports order by year
