select muni_code from municipios where pcode is null or pcode <> 'GT' || lpad(muni_code::varchar, 4, '0')
