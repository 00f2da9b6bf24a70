-- An indicator moved out of the default index says why, in both languages.
select indicator
from indicator_catalog
where indicator in ('severidad_pobreza', 'desempleo', 'asistencia_escolar', 'jefatura_femenina',
                    'exposicion_desastres', 'inseguridad_alimentaria')
  and (in_default or coalesce(note_es, '') = '' or coalesce(note_en, '') = '')
