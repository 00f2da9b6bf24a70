"""Strings of the returnees-by-sex-and-age section of the Tendencias page (key -> (es, en))."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "retornos.title": (
        "Personas retornadas por sexo y edad (IGM)",
        "Returnees by sex and age (IGM)",
    ),
    "retornos.intro": (
        "Guatemaltecas y guatemaltecos retornados desde México y Estados Unidos, por mes, "
        "según los informes estadísticos del Instituto Guatemalteco de Migración compilados "
        "por la OIM (enero 2020 – abril 2025). Sólo hay cifras nacionales: ninguna fuente "
        "abierta publica el municipio de origen.",
        "Guatemalans returned from Mexico and the United States, by month, from the "
        "statistical reports of the Instituto Guatemalteco de Migración compiled by IOM "
        "(January 2020 – April 2025). Figures are national only: no open source publishes the "
        "municipality of origin.",
    ),
    "retornos.lens": ("Lente", "Lens"),
    "retornos.lens.edad": ("Edad", "Age"),
    "retornos.lens.sexo": ("Sexo", "Sex"),
    "retornos.period": ("Periodo", "Period"),
    "retornos.period.año": ("Por año", "By year"),
    "retornos.period.mes": ("Por mes", "By month"),
    "retornos.group.hombre": ("Hombres", "Men"),
    "retornos.group.mujer": ("Mujeres", "Women"),
    "retornos.group.adulto": ("Personas adultas", "Adults"),
    "retornos.group.nna_acompanado": (
        "Niñas, niños y adolescentes acompañados",
        "Accompanied children",
    ),
    "retornos.group.nna_no_acompanado": (
        "Niñas, niños y adolescentes no acompañados",
        "Unaccompanied children",
    ),
    "retornos.persons": ("Personas retornadas", "Returnees"),
    "retornos.month": ("Mes", "Month"),
    "retornos.key_metric": (
        "NNA no acompañados retornados en {year}",
        "Unaccompanied children returned in {year}",
    ),
    "retornos.key_share": ("{share} del total", "{share} of the total"),
    "retornos.key_note": (
        "Las niñas, niños y adolescentes que retornan sin una persona adulta son un segmento "
        "clave del plan piloto: la línea gruesa los destaca.",
        "Children who return without an adult are a key segment of the pilot plan: the thick "
        "line highlights them.",
    ),
    "retornos.origin_note": (
        "No se divide por origen (México / Estados Unidos): desde 2024 la fuente deja el "
        "origen en blanco en la mayoría de las filas y la división mostraría una caída que no "
        "ocurrió. 2025 sólo tiene cuatro meses: aparece por mes, no como año.",
        "Not split by origin (Mexico / United States): from 2024 the source leaves the origin "
        "blank in most rows, and a split would show a fall that did not happen. 2025 has only "
        "four months: it appears by month, not as a year.",
    ),
    "retornos.unavailable": (
        "La base de datos no tiene todavía la tabla de retornos por sexo y edad; ejecute "
        "`raices fetch` y `raices build`.",
        "The database does not have the returnees-by-sex-and-age table yet; run "
        "`raices fetch` and `raices build`.",
    ),
    "retornos.col.period": ("Periodo", "Period"),
    "retornos.col.group": ("Grupo", "Group"),
    "retornos.col.persons": ("Personas", "Persons"),
    "retornos.col.share": ("Proporción del periodo", "Share of the period"),
    "retornos.col.key_segment": ("Segmento clave", "Key segment"),
    # series labels of the Tendencias selector that this section owns
    "retornos.series.retornados_igm": (
        "Personas retornadas por año (IGM vía OIM, 2020–2024)",
        "Returnees by year (IGM via IOM, 2020–2024)",
    ),
    "retornos.series.poblacion_proyectada": (
        "Población proyectada por el INE (base Censo 2002)",
        "Population projected by INE (2002 census base)",
    ),
    "retornos.projection_note": (
        "Proyecciones del INE hechas a partir del Censo 2002, anteriores al Censo 2018: para "
        "2018 proyectaban unos 17.3 millones de habitantes, frente a los 14.9 millones que "
        "contó el censo.",
        "INE projections made from the 2002 census, before the 2018 census: for 2018 they "
        "projected about 17.3 million inhabitants, against the 14.9 million the census counted.",
    ),
}
