select key, value from stg_build_info
