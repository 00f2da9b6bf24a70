select count(*) as departamentos from departamentos having count(*) <> 22
