select count(*) as municipios from municipios having count(*) <> 340
