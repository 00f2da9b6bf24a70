select level, code, indicator, count(*) as rows
from indicator_values group by level, code, indicator having count(*) > 1
