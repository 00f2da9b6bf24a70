select theme, label_es, label_en, sort_order from stg_themes order by sort_order
