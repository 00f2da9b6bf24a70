"""Every user-facing string of the dashboard, Spanish first, English available.

Strings are grouped by page. A page added later registers its strings with one call::

    i18n.register({"tipologias.title": ("Tipologías", "Typologies")})

Labels of indicators, themes and units do **not** live here: they come from the
indicator catalogue (``label_es`` / ``label_en``), the single source of truth.
"""

from __future__ import annotations

LANGUAGES: dict[str, str] = {"es": "Español", "en": "English"}
DEFAULT_LANGUAGE = "es"

# key -> (Spanish, English)
STRINGS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- frame
    "app.title": ("Raíces", "Raíces"),
    "app.tagline": (
        "Analítica territorial abierta de las causas de la migración irregular en Guatemala",
        "Open territorial analytics of the causes of irregular migration in Guatemala",
    ),
    "app.language": ("Idioma / Language", "Idioma / Language"),
    "app.vintage": ("Datos: {vintage} · Raíces {version}", "Data: {vintage} · Raíces {version}"),
    "app.no_data": (
        "Todavía no hay datos procesados. Ejecute `raices build` primero.",
        "There is no processed data yet. Run `raices build` first.",
    ),
    "app.no_data_detail": ("Detalle: {detail}", "Detail: {detail}"),
    "app.error": (
        "No se pudo completar la operación: {detail}",
        "The operation could not be completed: {detail}",
    ),
    "app.section.explore": ("Explorar", "Explore"),
    "app.section.decide": ("Decidir", "Decide"),
    "app.section.about": ("Acerca de", "About"),
    "app.loading": ("Cargando datos…", "Loading data…"),
    "app.computing": ("Calculando…", "Computing…"),
    "app.unavailable": (
        "Esta función aún no está disponible en esta versión: {what}.",
        "This feature is not yet available in this version: {what}.",
    ),
    # ---------------------------------------------------------------- common
    "common.level": ("Nivel territorial", "Territorial level"),
    "common.level.municipio": ("Municipio", "Municipality"),
    "common.level.departamento": ("Departamento", "Department"),
    "common.indicator": ("Indicador", "Indicator"),
    "common.theme": ("Tema", "Theme"),
    "common.territory": ("Territorio", "Territory"),
    "common.value": ("Valor", "Value"),
    "common.rank": ("Posición", "Rank"),
    "common.coverage": ("Cobertura", "Coverage"),
    "common.code": ("Código INE", "INE code"),
    "common.name": ("Nombre", "Name"),
    "common.department": ("Departamento", "Department"),
    "common.unit": ("Unidad", "Unit"),
    "common.source": ("Fuente", "Source"),
    "common.year": ("Año", "Year"),
    "common.national": ("Nacional", "National"),
    "common.percentile": ("Percentil", "Percentile"),
    "common.no_value": ("sin dato", "no data"),
    "common.data_table": ("Tabla de datos de este mapa", "Data table behind this map"),
    "common.data_table_chart": ("Tabla de datos de este gráfico", "Data table behind this chart"),
    "common.downloads": ("Descargas", "Downloads"),
    "common.download_csv": ("CSV", "CSV"),
    "common.download_xlsx": ("XLSX", "XLSX"),
    "common.download_geojson": ("GeoJSON", "GeoJSON"),
    "common.download_png": ("PNG", "PNG"),
    "common.download_svg": ("SVG", "SVG"),
    "common.stamp": (
        "Escenario {scenario} · datos {vintage} · Raíces {version}",
        "Scenario {scenario} · data {vintage} · Raíces {version}",
    ),
    "common.direction.+1": ("más alto = más necesidad", "higher = more need"),
    "common.direction.-1": ("más bajo = más necesidad", "lower = more need"),
    "common.direction.0": ("contexto (sin dirección)", "context (no direction)"),
    "common.classification": ("Clasificación", "Classification"),
    "common.classification.quantiles": ("Cuantiles", "Quantiles"),
    "common.classification.natural_breaks": ("Cortes naturales (Jenks)", "Natural breaks (Jenks)"),
    "common.classification.equal_interval": ("Intervalos iguales", "Equal interval"),
    "common.classes": ("Número de clases", "Number of classes"),
    "common.palette": ("Paleta (apta para daltonismo)", "Palette (colour-blind safe)"),
    "common.open_profile": ("Abrir perfil", "Open profile"),
    "common.pick_territory": (
        "Elija un territorio (o haga clic en el mapa)",
        "Pick a territory (or click on the map)",
    ),
    "common.map_alt": (
        "Mapa coroplético de {what} por {level}. Los valores están en la tabla de datos.",
        "Choropleth map of {what} by {level}. Values are in the data table.",
    ),
    "common.hover.value": ("Valor", "Value"),
    "common.hover.rank": ("Posición", "Rank"),
    "common.hover.coverage": ("Cobertura", "Coverage"),
    "common.score": ("Puntaje de prioridad", "Priority score"),
    "common.score_unit": ("0–100 (más alto = más prioridad)", "0–100 (higher = higher priority)"),
    "common.theme_score": ("Puntaje temático: {theme}", "Theme score: {theme}"),
    "common.no_scenario": ("sin escenario", "no scenario"),
    "common.choose": ("Elija…", "Choose…"),
    # house: shared by the Explore and Decide pages
    "common.stamp.data": ("datos {vintage}", "data {vintage}"),
    "common.stamp.scenario": ("escenario {hash}", "scenario {hash}"),
    "common.description": ("Descripción", "Description"),
    "common.direction": ("Dirección", "Direction"),
    "common.selected": ("Seleccionado", "Selected"),
    "datos.col.source_id": ("Fuente (id)", "Source (id)"),
    "datos.col.file": ("Archivo", "File"),
    "datos.col.year": ("Año de los datos", "Data year"),
    "datos.col.url": ("Dirección web", "Web address"),
    "datos.col.sha256": ("Suma SHA-256", "SHA-256 checksum"),
    "datos.col.bytes": ("Tamaño (bytes)", "Size (bytes)"),
    "datos.col.indicator": ("Indicador (id)", "Indicator (id)"),
    "datos.col.direction": ("Dirección", "Direction"),
    "datos.col.levels": ("Niveles", "Levels"),
    "datos.col.in_default": ("En el escenario base", "In the base scenario"),
    "datos.col.description": ("Descripción", "Description"),
    "datos.col.row": ("Fila", "Row"),
    "datos.col.field": ("Campo", "Field"),
    "datos.col.code": ("Código INE", "INE code"),
    "datos.col.issue": ("Problema", "Issue"),
    "datos.col.action": ("Acción", "Action"),
    "datos.decimals": (
        "Los CSV usan punto decimal y ningún separador de miles, para que cualquier programa "
        "(R, Python, QGIS, una hoja de cálculo al importar) lea los números como números; la "
        "primera línea, que empieza por «#», es el sello de versión y datos. Los XLSX guardan "
        "números que la hoja de cálculo muestra con la coma decimal de su configuración.",
        "CSV files use a decimal point and no thousands separator, so that any program (R, "
        "Python, QGIS, a spreadsheet on import) reads numbers as numbers; the first line, "
        "starting with «#», is the version and data stamp. XLSX files hold numbers that the "
        "spreadsheet shows in its own locale.",
    ),
    "panorama.emigrants_help": (
        "Personas del hogar que viven en el exterior según el módulo de emigración del Censo "
        "2018, por cada 100 hogares del país.",
        "Household members living abroad according to the 2018 census emigration module, per "
        "100 households in the country.",
    ),
    "perfil.percentile_axis": (
        "percentil nacional (100 = más necesidad)",
        "national percentile (100 = most need)",
    ),
    "prior.modified": ("{name} (modificado)", "{name} (modified)"),
    "prior.name_help": (
        "Vacío: el nombre del escenario aplicado, con «(modificado)» si cambió algo.",
        "Empty: the applied scenario's name, with «(modified)» once something changed.",
    ),
    "prior.apply": ("Aplicar cambios", "Apply changes"),
    "prior.theme_unused": (
        "Ningún indicador de este tema está en el índice (véanse los pesos por indicador): su "
        "peso no cambia nada.",
        "No indicator of this theme is in the index (see the indicator weights): its weight "
        "changes nothing.",
    ),
    "prior.apply_help": (
        "Los pesos y restricciones se aplican juntos al pulsar el botón: mover un control no "
        "recalcula nada.",
        "Weights and constraints are applied together when you press the button: moving a "
        "control recomputes nothing.",
    ),
    "prior.col.pilot": ("Piloto", "Pilot"),
    "prior.col.band": ("Banda estadística 5–95 %", "Statistical band 5–95 %"),
    "prior.col.method_range": ("Rango entre métodos", "Range across methods"),
    "prior.col.p_pilot": ("P(en el piloto)", "P(in the pilot)"),
    "prior.col.driver": ("Origen de la incertidumbre", "Source of uncertainty"),
    "prior.bands_legend.selected": ("En el piloto", "In the pilot"),
    "prior.bands_legend.other": ("Fuera del piloto", "Not in the pilot"),
    "prior.bands_legend.method": ("Rango entre métodos", "Range across methods"),
    "prior.bands_legend.band": ("Banda 5–95 %", "5–95 % band"),
    "prior.bands_all_caption": (
        "Posición (punto), banda estadística 5–95 % (línea gris) y, en naranja, el rango de "
        "posiciones entre métodos, de los {k} primeros, diez más y todo territorio del piloto.",
        "Rank (dot), 5–95 % statistical band (grey line) and, in orange, the range of ranks "
        "across methods, for the first {k}, ten more and every pilot territory.",
    ),
    "prior.pdf": ("Informe del escenario (PDF)", "Scenario report (PDF)"),
    "prior.robust": (
        "Calcular el piloto robusto",
        "Compute the robust pilot",
    ),
    "prior.robust_help": (
        "Da P(en el piloto) de cada territorio y cuántos del piloto son estables. "
        "Vuelve a elegir el piloto, con las mismas restricciones, en cada simulación: tarda "
        "unos segundos, por eso no se recalcula con cada cambio salvo que esté activado.",
        "Gives each territory's P(in the pilot) and how many of the pilot are stable. "
        "Chooses the pilot again, under the same constraints, in every simulation: it takes "
        "a few seconds, so it is not recomputed on every change unless this is on.",
    ),
    "prior.computing_robust": (
        "Calculando el índice, la selección y el piloto robusto (unos segundos)…",
        "Computing the index, the selection and the robust pilot (a few seconds)…",
    ),
    "prior.map_pilot": ("Piloto", "Pilot"),
    # ---------------------------------------------------------------- panorama
    "panorama.title": ("Panorama", "Overview"),
    "panorama.intro": (
        "Raíces reúne datos públicos municipales sobre las causas de la migración irregular "
        "—pobreza, violencia, clima, servicios y exclusión— para que la Mesa Multisectoral para "
        "la Atención de las Causas de la Migración Irregular (MMM), coordinada por CONAMIGUA, "
        "vea dónde se concentran y priorice los territorios del plan piloto.",
        "Raíces brings together public municipal data on the causes of irregular migration "
        "—poverty, violence, climate, services and exclusion— so that the Multisectoral "
        "Roundtable on the Causes of Irregular Migration (MMM), coordinated by CONAMIGUA, can "
        "see where they concentrate and prioritise the pilot-plan territories.",
    ),
    "panorama.headlines": ("Cifras de referencia", "Headline figures"),
    "panorama.n_munis": ("Municipios", "Municipalities"),
    "panorama.n_indicators": ("Indicadores", "Indicators"),
    "panorama.n_sources": ("Fuentes públicas", "Public sources"),
    "panorama.population": ("Población (Censo 2018)", "Population (2018 census)"),
    "panorama.emigrants": (
        "Emigrantes al exterior por 100 hogares (Censo 2018)",
        "Emigrants abroad per 100 households (2018 census)",
    ),
    "panorama.poverty_2023": ("Pobreza total 2023 (nacional)", "Total poverty 2023 (national)"),
    "datos.col.publisher": ("Publicado por", "Publisher"),
    "datos.col.title": ("Título", "Title"),
    "datos.col.licence": ("Licencia", "Licence"),
    "panorama.national_value": ("{label} (nacional)", "{label} (national)"),
    "panorama.map": ("Mapa nacional", "National map"),
    "panorama.top": (
        "Territorios de mayor prioridad (escenario base)",
        "Top-priority territories (base scenario)",
    ),
    "panorama.sources": ("Fuentes y vigencia de los datos", "Sources and data vintage"),
    # ---------------------------------------------------------------- mapa
    "mapa.title": ("Mapa de causas", "Map of causes"),
    "mapa.what": ("Qué mostrar", "What to show"),
    "mapa.what.indicator": ("Un indicador", "One indicator"),
    "mapa.what.theme": ("Un puntaje temático", "A theme score"),
    "mapa.lens": ("Lente", "Lens"),
    "mapa.lens.all": ("Todos los indicadores", "All indicators"),
    "mapa.lens.etnia": ("Pueblos y etnia", "Peoples and ethnicity"),
    "mapa.lens.edad": ("Edad", "Age"),
    "mapa.lens.genero": ("Género", "Gender"),
    "mapa.lens.territorio": ("Territorio (rural/urbano)", "Territory (rural/urban)"),
    "mapa.split": ("Desagregar municipios por", "Split municipalities by"),
    "mapa.split.none": ("Sin desagregar", "No split"),
    "mapa.split.etnia": ("Mayoría étnica", "Ethnic majority"),
    "mapa.split.pueblo": ("Pueblo mayoritario", "Majority people"),
    "mapa.split.area": ("Área urbana o rural", "Urban or rural"),
    "mapa.group": ("Mostrar solo el grupo", "Show only the group"),
    "mapa.group.all": ("Todos", "All"),
    "mapa.lens_groups": (
        "El indicador por grupo de municipios",
        "The indicator by group of municipalities",
    ),
    "mapa.col.group": ("Grupo", "Group"),
    "mapa.col.n": ("Municipios con dato", "Municipalities with data"),
    "mapa.col.weighted_mean": ("Media ponderada por población", "Population-weighted mean"),
    "mapa.col.median": ("Mediana", "Median"),
    "mapa.col.min": ("Mínimo", "Minimum"),
    "mapa.col.max": ("Máximo", "Maximum"),
    "mapa.about_indicator": ("Sobre este indicador", "About this indicator"),
    "mapa.selected": ("Territorio seleccionado: {name}", "Selected territory: {name}"),
    # ---------------------------------------------------------------- perfil
    "perfil.title": ("Perfil territorial", "Territorial profile"),
    "perfil.pick": ("Elija un territorio", "Pick a territory"),
    "perfil.empty": (
        "Elija un municipio o departamento en la lista de arriba (puede escribir su nombre) "
        "para ver su perfil, o haga clic en uno en el mapa de causas.",
        "Pick a municipality or department in the list above (you can type its name) to see "
        "its profile, or click one on the map of causes.",
    ),
    "perfil.indicators": (
        "Indicadores frente al departamento y al país",
        "Indicators against department and country",
    ),
    "perfil.col.territory": ("Este territorio", "This territory"),
    "perfil.col.department": ("Departamento", "Department"),
    "perfil.col.national": ("Nacional", "National"),
    "perfil.col.percentile": ("Percentil nacional", "National percentile"),
    "perfil.col.se": ("Error estándar", "Standard error"),
    "perfil.contributions": (
        "Contribución de cada tema al puntaje de prioridad",
        "Contribution of each theme to the priority score",
    ),
    "perfil.rank": ("Posición en el escenario base", "Rank in the base scenario"),
    "perfil.rank_value": ("{rank} de {n}", "{rank} of {n}"),
    "perfil.rank_band": (
        "Banda de incertidumbre (90 %): {low}–{high}",
        "Uncertainty band (90 %): {low}–{high}",
    ),
    "perfil.reliability": ("Notas de confiabilidad", "Reliability notes"),
    "perfil.reliability.none": (
        "No hay observaciones de calidad para este territorio.",
        "There are no quality notes for this territory.",
    ),
    "perfil.reliability.high_cv": (
        "{label}: coeficiente de variación {cv}, por encima de {limit} (estimación de área "
        "pequeña poco precisa).",
        "{label}: coefficient of variation {cv}, above {limit} (imprecise small-area estimate).",
    ),
    "perfil.reliability.missing": ("Sin dato para: {labels}.", "No data for: {labels}."),
    "perfil.percentile_help": (
        "Porcentaje de territorios con igual o menor necesidad (100 = el de mayor necesidad).",
        "Share of territories with equal or less need (100 = the one with most need).",
    ),
    "perfil.coverage": (
        "Cobertura de los indicadores del índice: {coverage}",
        "Coverage of the index's indicators: {coverage}",
    ),
    "perfil.export": ("Análisis de contexto de una página", "One-page context analysis"),
    "perfil.export_pdf": ("Descargar PDF", "Download PDF"),
    "perfil.export_png": ("Descargar PNG", "Download PNG"),
    "perfil.percentile_chart": (
        "Percentil nacional de cada indicador",
        "National percentile of each indicator",
    ),
    # ---------------------------------------------------------------- priorizacion
    "prior.title": ("Priorización del plan piloto", "Pilot-plan prioritisation"),
    "prior.preset": ("Escenario predefinido", "Preset scenario"),
    "prior.reset": ("Restablecer el predefinido", "Reset to the preset"),
    "prior.weights": ("Pesos por tema", "Theme weights"),
    "prior.indicator_weights": ("Pesos por indicador", "Indicator weights"),
    "prior.method": ("Opciones de método", "Method choices"),
    "prior.constraints": ("Restricciones del plenario", "Plenary constraints"),
    "prior.k": ("Número de territorios del piloto", "Number of pilot territories"),
    "prior.ranked": ("Clasificación con bandas de incertidumbre", "Ranking with uncertainty bands"),
    "prior.selected_map": ("Conjunto seleccionado para el piloto", "Selected pilot set"),
    "prior.cost": ("Costo de cada restricción", "Cost of each constraint"),
    "prior.save": ("Guardar escenario (archivo)", "Save scenario (file)"),
    "prior.load": ("Cargar escenario desde archivo", "Load scenario from file"),
    "prior.share": ("Compartir como enlace", "Share as link"),
    "prior.share_help": (
        "La dirección de esta página ya contiene el escenario; cópiela para compartirlo.",
        "This page's address already holds the scenario; copy it to share.",
    ),
    "prior.keep": ("Guardar para comparar", "Keep for comparison"),
    "prior.kept": (
        "Escenario «{name}» guardado para comparar.",
        "Scenario «{name}» kept for comparison.",
    ),
    "prior.name": ("Nombre del escenario", "Scenario name"),
    "prior.loaded": ("Escenario cargado: {name}", "Scenario loaded: {name}"),
    "prior.hash": ("Huella del escenario: {hash}", "Scenario fingerprint: {hash}"),
    "prior.p_top": ("P(entre los {k} primeros)", "P(in top {k})"),
    "prior.band": ("Banda 90 %", "90 % band"),
    "prior.bands_caption": (
        "Posición (punto) y banda de incertidumbre 5–95 % (línea) de los {k} primeros y diez más; "
        "en rojo, los seleccionados para el piloto.",
        "Rank (dot) and 5–95 % uncertainty band (line) of the first {k} and ten more; "
        "in red, those selected for the pilot.",
    ),
    "prior.selected": ("Piloto", "Pilot"),
    "prior.normalisation": ("Normalización", "Normalisation"),
    "prior.aggregation_within": ("Agregación dentro de cada tema", "Aggregation within each theme"),
    "prior.aggregation_across": ("Agregación entre temas", "Aggregation across themes"),
    "prior.missing": ("Datos faltantes", "Missing data"),
    "prior.outliers": ("Valores extremos", "Outliers"),
    "prior.smooth_rates": ("Tasas por 100 000 hab.", "Rates per 100 000"),
    "prior.smooth_rates.help": (
        "Suavizado bayesiano empírico: acerca la tasa de cada municipio a la nacional tanto más "
        "cuanto menor es su población, para que pocos casos en un municipio pequeño no decidan "
        "su posición.",
        "Empirical-Bayes smoothing: pulls each municipio's rate towards the national rate, the "
        "more so the smaller its population, so that a few cases in a small municipio do not "
        "decide its rank.",
    ),
    "method.smooth.none": ("Sin suavizar (tal como se publican)", "As published"),
    "method.smooth.global": ("Suavizadas (Bayes empírico)", "Smoothed (empirical Bayes)"),
    "prior.draws": ("Simulaciones de incertidumbre", "Uncertainty draws"),
    "prior.max_per_dept": ("Máximo por departamento", "Maximum per department"),
    "prior.max_population": (
        "Población total máxima del piloto (Censo 2018)",
        "Maximum total population of the pilot (2018 census)",
    ),
    "prior.min_indigenous": (
        "Proporción mínima de municipios de mayoría indígena",
        "Minimum share of majority-Indigenous municipalities",
    ),
    "prior.no_adjacent": (
        "Sin municipios vecinos en el piloto",
        "No neighbouring municipalities in the pilot",
    ),
    "prior.must_include": ("Territorios obligatorios", "Territories that must be included"),
    "prior.must_exclude": ("Territorios excluidos", "Territories to exclude"),
    "prior.zero_none": ("0 = sin restricción", "0 = no constraint"),
    "prior.computing": (
        "Calculando el índice y la selección…",
        "Computing the index and the selection…",
    ),
    "prior.infeasible": (
        "Las restricciones no se pueden cumplir a la vez: {detail}",
        "The constraints cannot all hold: {detail}",
    ),
    "prior.no_costs": (
        "Sin restricciones activas además del tamaño: la selección es el top k.",
        "No active constraints besides the size: the selection is the top k.",
    ),
    "prior.cost.constraint": ("Restricción", "Constraint"),
    "prior.cost.points": ("Prioridad que se pierde (puntos)", "Priority forgone (points)"),
    "prior.cost.share": ("% del óptimo sin restricciones", "% of the unconstrained optimum"),
    "prior.save_button": ("Descargar escenario (.toml)", "Download scenario (.toml)"),
    # method names
    "method.minmax": ("Mín–máx (0–100)", "Min–max (0–100)"),
    "method.zscore": ("Puntaje z", "z-score"),
    "method.rank": ("Rango percentil", "Percentile rank"),
    "method.goalposts": ("Umbrales fijos", "Goalposts"),
    "method.arithmetic": ("Media aritmética (compensatoria)", "Arithmetic mean (compensatory)"),
    "method.geometric": (
        "Media geométrica (parcialmente compensatoria)",
        "Geometric mean (partly compensatory)",
    ),
    "method.penalised": (
        "Media penalizada (no compensatoria)",
        "Penalised mean (non-compensatory)",
    ),
    "method.renormalise": (
        "Repartir el peso entre los presentes",
        "Re-weight the indicators present",
    ),
    "method.group_mean": (
        "Imputar con la media del departamento",
        "Impute with the department mean",
    ),
    "method.winsorise": ("Winsorizar", "Winsorise"),
    "method.log": ("Logaritmo", "Logarithm"),
    "method.none": ("Ninguno", "None"),
    # ---------------------------------------------------------------- comparar
    "comp.title": ("Comparar escenarios", "Compare scenarios"),
    "comp.pick": ("Escenarios a comparar", "Scenarios to compare"),
    "comp.need_two": (
        "Guarde al menos dos escenarios en «Priorización» o elija predefinidos.",
        "Keep at least two scenarios on «Prioritisation» or pick presets.",
    ),
    "comp.overlap": ("Coincidencia entre los {k} primeros", "Overlap among the top {k}"),
    "comp.movers": ("Mayores cambios de posición", "Largest rank changes"),
    "comp.ranks": ("Posiciones lado a lado", "Ranks side by side"),
    "comp.col.pair": ("Escenarios", "Scenarios"),
    "comp.col.overlap": ("Coinciden en el top k", "Shared in the top k"),
    "comp.col.entered": ("Entran al top k", "Enter the top k"),
    "comp.col.left": ("Salen del top k", "Leave the top k"),
    "comp.col.change": ("Cambio (+ = sube)", "Change (+ = moves up)"),
    # ---------------------------------------------------------------- datos
    "datos.title": ("Datos y metodología", "Data and methods"),
    "datos.sources": ("Fuentes", "Sources"),
    "datos.catalog": (
        "Diccionario de datos (catálogo de indicadores)",
        "Data dictionary (indicator catalogue)",
    ),
    "datos.methods": ("Métodos en lenguaje sencillo", "Methods in plain language"),
    "datos.downloads": ("Descargas", "Downloads"),
    "datos.quality": (
        "Problemas de calidad detectados y su tratamiento",
        "Quality issues found and how they were handled",
    ),
    "datos.build": ("Información de la construcción", "Build information"),
    "datos.download_all": ("Todos los indicadores por {level}", "All indicators by {level}"),
    "datos.bundle": (
        "Paquete de datos abiertos (ZIP: CSV, XLSX, GeoJSON, GeoPackage, HXL, datapackage.json)",
        "Open-data bundle (ZIP: CSV, XLSX, GeoJSON, GeoPackage, HXL, datapackage.json)",
    ),
    "datos.methods_text": (
        """
**Qué mide Raíces.** Cada indicador viene de una fuente pública declarada (ver *Fuentes*).
Los códigos municipales son los del INE (departamento × 100 + municipio).

**Valores departamentales.** Se calculan con pesos explícitos: promedios ponderados por
población u hogares, sumas de conteos, o la estimación directa de la encuesta cuando la
fuente la publica. Nunca se promedian tasas municipales sin ponderar.

**Puntaje de prioridad.** Cada indicador se lleva a una escala común de 0 a 100 respetando
su dirección (si más alto significa más necesidad o menos). Los indicadores se promedian
dentro de cada tema con sus pesos y los temas se combinan con los pesos del escenario. Un
escenario guarda todas esas decisiones y tiene una huella (hash) que identifica los
resultados exportados.

**Incertidumbre.** Las estimaciones de pobreza son de áreas pequeñas (Fay–Herriot) con error
estándar; además se varían los pesos y los métodos. La posición de cada territorio se
presenta con una banda (percentiles 5–95) y la probabilidad de quedar entre los *k* primeros.

**Limitaciones.** La plantilla municipal de ACNUR no documenta años ni unidades de todos sus
indicadores; el catálogo indica lo que se infirió. No hay en estas fuentes series
municipales de homicidios ni de retornados por municipio de origen: pueden incorporarse como
datos propios.
""",
        """
**What Raíces measures.** Each indicator comes from a declared public source (see *Sources*).
Municipal codes are INE codes (department × 100 + municipality).

**Department values.** Computed with explicit weights: population- or household-weighted
means, sums of counts, or the survey's direct estimate where the source publishes it.
Municipal rates are never averaged without weights.

**Priority score.** Each indicator is brought to a common 0–100 scale respecting its
direction (whether higher means more need or less). Indicators are averaged within each
theme with their weights and themes are combined with the scenario's weights. A scenario
stores all those choices and has a fingerprint (hash) that identifies exported results.

**Uncertainty.** Poverty estimates are small-area (Fay–Herriot) estimates with standard
errors; weights and methods are also varied. Each territory's rank is shown with a band
(5th–95th percentiles) and the probability of being among the top *k*.

**Limitations.** UNHCR's municipal template does not document years or units for all its
indicators; the catalogue states what was inferred. These sources hold no municipal series
of homicides or of returnees by municipality of origin: they can be added as own data.
""",
    ),
    # ---------------------------------------------------------------- datos propios (issue 6)
    "propios.title": ("Datos propios", "Own data"),
    "propios.intro": (
        "Suba una tabla CSV o XLSX con un valor por municipio (por ejemplo homicidios de la "
        "PNC o retornados por municipio de origen). Se empareja por código INE, P-code o "
        "nombres de departamento y municipio; cada fila queda en el informe y nada se "
        "descarta en silencio. El indicador se guarda en una capa de usuario, separada de "
        "las fuentes publicadas, y aparece en mapas, perfiles y escenarios.",
        "Upload a CSV or XLSX table with one value per municipality (for example PNC "
        "homicides or returnees by municipality of origin). Rows are matched by INE code, "
        "P-code or department and municipality names; every row appears in the report and "
        "nothing is silently dropped. The indicator is stored in a user layer, apart from "
        "the published sources, and appears in maps, profiles and scenarios.",
    ),
    "propios.current": ("Indicadores propios guardados", "Saved own indicators"),
    "propios.none": ("Todavía no hay indicadores propios.", "There are no own indicators yet."),
    "propios.remove_pick": ("Indicador a eliminar", "Indicator to remove"),
    "propios.n_values": ("Municipios con valor", "Municipalities with a value"),
    "propios.remove": ("Eliminar", "Remove"),
    "propios.removed": ("Se eliminó «{indicator}».", "«{indicator}» was removed."),
    "propios.add": ("Añadir un indicador", "Add an indicator"),
    "propios.file": ("Tabla CSV o XLSX (máx. 20 MB)", "CSV or XLSX table (max. 20 MB)"),
    "propios.file_help": (
        "Las fórmulas de las hojas de cálculo no se evalúan: se usa el valor guardado.",
        "Spreadsheet formulas are not evaluated: the saved value is used.",
    ),
    "propios.sheet": ("Hoja (XLSX)", "Sheet (XLSX)"),
    "propios.sheet_help": (
        "Nombre o posición desde 0; vacío = la primera hoja.",
        "Name or position from 0; empty = the first sheet.",
    ),
    "propios.header_row": ("Fila de encabezados", "Header row"),
    "propios.where_column": ("Filtrar por columna (opcional)", "Filter by column (optional)"),
    "propios.where_help": (
        "Para tablas con una fila por municipio y año: elija la columna del año y escriba el año.",
        "For tables with one row per municipality and year: pick the year column and type the year.",
    ),
    "propios.no_filter": ("(sin filtro)", "(no filter)"),
    "propios.where_value": ("Valor del filtro", "Filter value"),
    "propios.first_rows": ("Primeras filas leídas", "First rows read"),
    "propios.key": ("Clave de los municipios", "Municipality key"),
    "propios.key.names": ("Nombres", "Names"),
    "propios.key.code": ("Código INE o P-code", "INE code or P-code"),
    "propios.code_column": ("Columna del código", "Code column"),
    "propios.dept_column": ("Columna del departamento", "Department column"),
    "propios.no_dept": ("(sin departamento)", "(no department)"),
    "propios.muni_column": ("Columna del municipio", "Municipality column"),
    "propios.value_column": ("Columna del valor", "Value column"),
    "propios.metadata": ("Qué es este indicador", "What this indicator is"),
    "propios.id": ("Identificador", "Identifier"),
    "propios.id_help": (
        "Minúsculas, cifras y «_», p. ej. homicidios_pnc_2024.",
        "Lower case, digits and «_», e.g. homicidios_pnc_2024.",
    ),
    "propios.label": ("Nombre del indicador", "Indicator name"),
    "propios.direction": ("Dirección", "Direction"),
    "propios.direction.1": ("Más valor = más necesidad", "Higher value = more need"),
    "propios.direction.-1": ("Más valor = menos necesidad", "Higher value = less need"),
    "propios.direction.0": ("Sólo contexto", "Context only"),
    "propios.dept_method": ("Valor departamental", "Department value"),
    "propios.dept_method.pop_weighted": (
        "Media ponderada por población (tasas)",
        "Population-weighted mean (rates)",
    ),
    "propios.dept_method.sum": ("Suma (conteos)", "Sum (counts)"),
    "propios.dept_method.mean": ("Media simple", "Plain mean"),
    "propios.dept_method.none": ("Sólo municipal", "Municipal only"),
    "propios.accept_suggestions": (
        "Aceptar las sugerencias de nombre con un único candidato",
        "Accept name suggestions that have a single candidate",
    ),
    "propios.check": ("Revisar el emparejamiento", "Check the matching"),
    "propios.stale": (
        "Cambió algún dato desde la revisión: vuelva a revisar el emparejamiento.",
        "Something changed since the check: check the matching again.",
    ),
    "propios.matched": ("Emparejadas", "Matched"),
    "propios.missing": ("Sin valor", "No value"),
    "propios.problems": ("Por resolver", "To resolve"),
    "propios.rows": ("Filas", "Rows"),
    "propios.report_download": ("Informe fila por fila (CSV)", "Row-by-row report (CSV)"),
    "propios.blocking": (
        "{n} filas quedan sin resolver (ambiguas, sin emparejar, repetidas o con valor no "
        "numérico). Corrija la tabla o acepte guardar sólo las filas emparejadas.",
        "{n} rows remain unresolved (ambiguous, unmatched, repeated or non-numeric). Fix "
        "the table or accept storing only the matched rows.",
    ),
    "propios.accept_unmatched": (
        "Guardar sólo las filas emparejadas",
        "Store only the matched rows",
    ),
    "propios.replace": (
        "Ya existe «{indicator}»: al confirmar se reemplazará.",
        "«{indicator}» already exists: confirming will replace it.",
    ),
    "propios.confirm": ("Guardar en la capa de usuario", "Store in the user layer"),
    "propios.saved": (
        "Se guardó «{indicator}» con {n} municipios.",
        "«{indicator}» was stored with {n} municipalities.",
    ),
}


def register(strings: dict[str, tuple[str, str]]) -> None:
    """Add the strings of a new page (key -> (Spanish, English)).

    Raises ``KeyError`` when a key is already taken, so that two pages never silently
    overwrite each other's text.
    """
    clashes = sorted(set(strings) & set(STRINGS))
    if clashes:
        raise KeyError(f"i18n keys already registered: {', '.join(clashes)}")
    STRINGS.update(strings)


def translate(key: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Text of ``key`` in ``language``, with ``{placeholders}`` filled from ``values``.

    An unknown key returns the key itself so that a missing string is visible, not fatal.

    Examples
    --------
    >>> translate("perfil.rank_value", "en", rank=3, n=340)
    '3 of 340'
    """
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if language == "en" else pair[0]
    return text.format(**values) if values else text


def label_column(language: str) -> str:
    """Catalogue column holding labels in ``language`` (``label_es`` or ``label_en``)."""
    return "label_en" if language == "en" else "label_es"


def unit_column(language: str) -> str:
    """Catalogue column holding units in ``language`` (``unit_es`` or ``unit_en``)."""
    return "unit_en" if language == "en" else "unit_es"


# Strings of the causes pages (issue 5) live in their own module; registered once here.
from dashboard.i18n.causes import STRINGS as _CAUSES_STRINGS  # noqa: E402

register(_CAUSES_STRINGS)

# Own-data permissions and shared links.
from dashboard.i18n.hardening import STRINGS as _HARDENING_STRINGS  # noqa: E402

register(_HARDENING_STRINGS)

# Strings of the monitoring pages (issue 10).
from dashboard.i18n.monitoring import STRINGS as _MONITORING_STRINGS  # noqa: E402

register(_MONITORING_STRINGS)

# Strings of the consultation pages (issue 11).
from dashboard.i18n.consultation import STRINGS as _CONSULTATION_STRINGS  # noqa: E402

register(_CONSULTATION_STRINGS)

# Returnees by sex and age on the Tendencias page.
from dashboard.i18n.returnees import STRINGS as _RETURNEES_STRINGS  # noqa: E402

register(_RETURNEES_STRINGS)
