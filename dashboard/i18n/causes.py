"""Strings of the causes pages (spatial patterns, typologies, factors, trends).

Registered into :data:`dashboard.i18n.STRINGS` by ``i18n.py`` itself (one line at its
end), so that the keys exist before any page runs and a rerun never registers twice.
Key -> (Spanish, English).
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- shared
    "app.section.causes": ("Analizar causas", "Analyse causes"),
    "causas.lens": ("Desagregar por", "Disaggregate by"),
    "causas.lens.all": ("Todos los municipios", "All municipalities"),
    "causas.lens.etnia": ("Mayoría étnica", "Ethnic majority"),
    "causas.lens.pueblo": ("Pueblo mayoritario", "Majority people"),
    "causas.lens.area": ("Área urbana o rural", "Urban or rural"),
    "causas.lens.departamento": ("Departamento", "Department"),
    "causas.group": ("Grupo", "Group"),
    "causas.computing": ("Calculando…", "Computing…"),
    # groups of the lenses (values of analysis.causes.lenses); others are proper names
    "causas.group.mayoría indígena": ("Mayoría indígena", "Indigenous majority"),
    "causas.group.mayoría no indígena": ("Mayoría no indígena", "Non-indigenous majority"),
    "causas.group.rural": ("Rural", "Rural"),
    "causas.group.urbana": ("Urbana", "Urban"),
    "causas.group.Ladino/mestizo": ("Ladino/mestizo", "Ladino/mestizo"),
    "causas.group.Maya": ("Maya", "Maya"),
    "causas.group.Xinka": ("Xinka", "Xinka"),
    "causas.group.Garífuna": ("Garífuna", "Garifuna"),
    # table headers shared by the causes pages
    "causas.col.code": ("Código", "Code"),
    "causas.col.name": ("Nombre", "Name"),
    "causas.col.departamento": ("Departamento", "Department"),
    "causas.col.value": ("Valor", "Value"),
    "causas.col.value_smoothed": ("Valor suavizado", "Smoothed value"),
    "causas.col.z": ("Valor estandarizado (z)", "Standardised value (z)"),
    "causas.col.spatial_lag": ("Promedio de los vecinos (z)", "Neighbours' average (z)"),
    "causas.col.local_i": ("I local", "Local I"),
    "causas.col.p_sim": ("Valor p", "p-value"),
    "causas.col.cluster": ("Conglomerado", "Cluster"),
    "causas.col.n_cluster": ("N.º «{cluster}»", "No. «{cluster}»"),
    "causas.col.group": ("Grupo", "Group"),
    "causas.col.group_name": ("Nombre del grupo", "Group name"),
    "causas.col.region": ("Región", "Region"),
    "causas.col.region_name": ("Nombre de la región", "Region name"),
    # ---------------------------------------------------------------- spatial
    "espacial.title": ("Patrones espaciales", "Spatial patterns"),
    "espacial.intro": (
        "¿Se parecen los municipios vecinos? La I de Moran mide el patrón global; los "
        "conglomerados locales (LISA) muestran dónde se concentran valores altos o bajos. "
        "Sólo se colorean los conglomerados significativos tras corregir por comparaciones "
        "múltiples.",
        "Do neighbouring municipalities look alike? Moran's I measures the global pattern; "
        "local clusters (LISA) show where high or low values concentrate. Only clusters that "
        "remain significant after correcting for multiple comparisons are coloured.",
    ),
    "espacial.what": ("Analizar", "Analyse"),
    "espacial.what.indicator": ("Un indicador", "An indicator"),
    "espacial.what.scenario": ("El índice de un escenario", "A scenario's index"),
    "espacial.scenario": ("Escenario", "Scenario"),
    "espacial.score_of": ("Índice «{scenario}»", "Index «{scenario}»"),
    "espacial.smoothing": ("Suavizado de tasas", "Rate smoothing"),
    "espacial.smoothing.none": ("Sin suavizar", "No smoothing"),
    "espacial.smoothing.global": ("Bayes empírico (global)", "Empirical Bayes (global)"),
    "espacial.smoothing.spatial": ("Bayes empírico (vecinos)", "Empirical Bayes (neighbours)"),
    "espacial.smoothing.help": (
        "Las tasas de municipios con poca población son inestables: un caso más las duplica. "
        "El suavizado empírico bayesiano las acerca al promedio (nacional o de sus vecinos) "
        "tanto más cuanto menor es la población del Censo 2018. Úselo con tasas de delitos, "
        "violencia o deportación.",
        "Rates of small municipalities are unstable: one more case doubles them. Empirical-Bayes "
        "smoothing pulls them towards the mean (national or of their neighbours), more so the "
        "smaller the 2018 census population. Use it with crime, violence or deportation rates.",
    ),
    "espacial.alpha": ("Nivel de significación", "Significance level"),
    "espacial.fdr": ("Corrección FDR", "FDR correction"),
    "espacial.fdr.help": (
        "Con 340 pruebas, unas 17 saldrían «significativas» por azar. La corrección por tasa "
        "de falsos descubrimientos (Benjamini–Hochberg) lo evita.",
        "With 340 tests, about 17 would look 'significant' by chance. The false-discovery-rate "
        "correction (Benjamini–Hochberg) prevents that.",
    ),
    "espacial.moran": ("I de Moran", "Moran's I"),
    "espacial.p_value": ("Valor p (permutaciones)", "p-value (permutations)"),
    "espacial.n": ("Territorios", "Territories"),
    "espacial.reading": (
        "I = {i} (p = {p}, {permutations} permutaciones, semilla {seed}). Un valor positivo "
        "indica que los territorios vecinos tienen valores parecidos; cerca de 0, que no hay "
        "patrón espacial.",
        "I = {i} (p = {p}, {permutations} permutations, seed {seed}). A positive value means "
        "neighbouring territories have similar values; near 0, no spatial pattern.",
    ),
    "espacial.dropped": (
        "{n} territorio(s) sin valor quedan fuera del análisis.",
        "{n} territory(ies) without a value are left out.",
    ),
    "espacial.map_title": ("Conglomerados locales: {what}", "Local clusters: {what}"),
    "espacial.legend": ("Conglomerado", "Cluster"),
    "espacial.cluster.alto-alto": ("Alto rodeado de alto", "High among high"),
    "espacial.cluster.bajo-bajo": ("Bajo rodeado de bajo", "Low among low"),
    "espacial.cluster.alto-bajo": ("Alto rodeado de bajo", "High among low"),
    "espacial.cluster.bajo-alto": ("Bajo rodeado de alto", "Low among high"),
    "espacial.cluster.no significativo": ("No significativo", "Not significant"),
    "espacial.compare_groups": ("Todos (comparar grupos)", "All (compare groups)"),
    "espacial.by_group_title": (
        "I de Moran dentro de cada grupo: {lens}",
        "Moran's I within each group: {lens}",
    ),
    "espacial.by_group_note": (
        "Cada fila repite el análisis sólo con los municipios del grupo (vecindades "
        "reconstruidas; los municipios aislados se unen a su vecino más cercano).",
        "Each row repeats the analysis with the group's municipalities only (neighbourhoods "
        "rebuilt; isolated municipalities are joined to their nearest neighbour).",
    ),
    "espacial.scatter": ("Diagrama de dispersión de Moran", "Moran scatterplot"),
    "espacial.scatter.x": ("Valor estandarizado", "Standardised value"),
    "espacial.scatter.y": ("Promedio de los vecinos", "Neighbours' average"),
    # ---------------------------------------------------------------- typologies
    "tipologias.title": ("Tipologías territoriales", "Territorial typologies"),
    "tipologias.intro": (
        "Grupos de territorios con un perfil parecido de causas. El nombre de cada grupo se "
        "genera de sus promedios por tema frente al promedio nacional (en desviaciones "
        "estándar): «alta» significa más necesidad.",
        "Groups of territories with a similar profile of causes. Each group's name comes from "
        "its theme averages against the national average (in standard deviations): 'high' means "
        "more need.",
    ),
    "tipologias.features": ("Variables", "Variables"),
    "tipologias.features.scenario": (
        "Puntajes por tema del escenario «{scenario}»",
        "Theme scores of scenario «{scenario}»",
    ),
    "tipologias.features.zscores": (
        "Promedio de puntajes z por tema",
        "Mean z-score per theme",
    ),
    "tipologias.method": ("Método", "Method"),
    "tipologias.method.kmeans": ("k-medias", "k-means"),
    "tipologias.method.ward": ("Ward (jerárquico)", "Ward (hierarchical)"),
    "tipologias.k": ("Número de grupos", "Number of groups"),
    "tipologias.k.auto": ("Automático (silueta)", "Automatic (silhouette)"),
    "tipologias.reading": (
        "**{k} grupos** · silueta media {silhouette} · {criterion}",
        "**{k} groups** · mean silhouette {silhouette} · {criterion}",
    ),
    "tipologias.criterion.auto": (
        "elegido por la mayor silueta media entre 3 y 8 grupos (más cerca de 1 = grupos más "
        "separados)",
        "chosen by the largest mean silhouette between 3 and 8 groups (closer to 1 = better "
        "separated groups)",
    ),
    "tipologias.criterion.fixed": (
        "número de grupos fijado por usted",
        "number of groups set by you",
    ),
    "tipologias.group": ("Grupo", "Group"),
    "tipologias.size": ("Territorios", "Territories"),
    "tipologias.name": ("Nombre", "Name"),
    "tipologias.profile": ("Perfil", "Profile"),
    "tipologias.criterion_title": (
        "Criterio: silueta por número de grupos",
        "Criterion: silhouette by number of groups",
    ),
    "tipologias.k_axis": ("Número de grupos", "Number of groups"),
    "tipologias.silhouette": ("Silueta media", "Mean silhouette"),
    "tipologias.centroids_title": ("Perfil de cada grupo (z)", "Profile of each group (z)"),
    "tipologias.regions_title": ("Regiones contiguas", "Contiguous regions"),
    "tipologias.regions_intro": (
        "Propuesta de zonas formadas por municipios vecinos con perfiles parecidos (SKATER), "
        "útil para delimitar zonas piloto. Cada región tiene al menos 5 municipios.",
        "Proposed zones made of neighbouring municipalities with similar profiles (SKATER), "
        "useful to delimit pilot zones. Each region has at least 5 municipalities.",
    ),
    "tipologias.regions_toggle": ("Proponer regiones contiguas", "Propose contiguous regions"),
    "tipologias.regions_n": ("Número de regiones", "Number of regions"),
    "tipologias.region": ("Región", "Region"),
    # the missing-data policy of analysis.causes.typology (DEFAULT_MISSING = "drop")
    "tipologias.coverage": (
        "{used} territorios agrupados; {dropped} sin puntaje en algún tema quedan fuera "
        "del agrupamiento.",
        "{used} territories grouped; {dropped} without a score in some theme are left out "
        "of the grouping.",
    ),
    "tipologias.regions_coverage": (
        "{used} territorios en regiones; {dropped} sin puntaje en algún tema quedan fuera "
        "de las regiones.",
        "{used} territories in regions; {dropped} without a score in some theme are left out "
        "of the regions.",
    ),
    # ---------------------------------------------------------------- factors
    "factores.title": ("Factores asociados a la migración", "Factors associated with migration"),
    "factores.caution": (
        "Asociación, no causalidad: estos modelos describen cómo varían juntos los indicadores "
        "entre municipios. Un factor puede ser consecuencia de la migración (las remesas reducen "
        "la pobreza) o representar algo que no se mide.",
        "Association, not causation: these models describe how indicators vary together across "
        "municipalities. A factor may be a consequence of migration (remittances reduce poverty) "
        "or stand for something unmeasured.",
    ),
    "factores.outcome": ("Resultado migratorio", "Migration outcome"),
    "factores.model": ("Modelo flexible", "Flexible model"),
    "factores.model.lineal": ("Lineal estandarizado", "Standardised linear"),
    "factores.model.gradient_boosting": ("Gradient boosting", "Gradient boosting"),
    "factores.model.random_forest": ("Bosque aleatorio", "Random forest"),
    "factores.consequences": ("Incluir jefatura femenina", "Include female headship"),
    "factores.consequences.help": (
        "Los hogares encabezados por mujeres son en buena parte resultado de la emigración de "
        "los hombres; incluirlos «explica» la emigración con su propio efecto.",
        "Female-headed households are largely a result of men emigrating; including them "
        "'explains' emigration by its own effect.",
    ),
    "factores.computing": (
        "Ajustando modelos con validación cruzada por departamento (puede tardar un minuto)…",
        "Fitting models with department-blocked cross-validation (may take a minute)…",
    ),
    "factores.r2_linear": ("R² validado · lineal", "Cross-validated R² · linear"),
    "factores.r2_flexible": ("R² validado · flexible", "Cross-validated R² · flexible"),
    "factores.folds": ("Pliegues (departamentos)", "Folds (departments)"),
    "factores.cv_note": (
        "R² sobre las predicciones de {n} municipios hechas con modelos que no vieron su "
        "departamento. Importancias con 5 permutaciones por factor (la línea de comandos usa 10).",
        "R² on the predictions for {n} municipalities made by models that never saw their "
        "department. Importances with 5 permutations per factor (the command line uses 10).",
    ),
    "factores.importance_title": ("Importancia por permutación", "Permutation importance"),
    "factores.importance_axis": (
        "Pérdida de R² al desordenar el factor",
        "Loss of R² when the factor is shuffled",
    ),
    "factores.col.importance_flexible": ("Importancia (flexible)", "Importance (flexible)"),
    "factores.col.importance_linear": ("Importancia (lineal)", "Importance (linear)"),
    "factores.col.coefficient": ("β estandarizado", "Standardised β"),
    "factores.col.p_value": ("Valor p", "p-value"),
    "factores.col.factor": ("Factor", "Factor"),
    "factores.pd_title": ("Dependencia parcial", "Partial dependence"),
    "factores.residual_title": (
        "¿Dónde hay más o menos migración de la que sugieren sus factores?",
        "Where is there more or less migration than its factors suggest?",
    ),
    "factores.residual_note": (
        "Residuos fuera de muestra del modelo con mejor R² ({model}); se marcan los que "
        "superan una desviación estándar.",
        "Out-of-sample residuals of the model with the better R² ({model}); those beyond one "
        "standard deviation are flagged.",
    ),
    "factores.residual_legend": ("Frente a lo esperado", "Against expectation"),
    "factores.residual.mas": ("Más migración de la esperada", "More migration than expected"),
    "factores.residual.esperado": ("Según lo esperado", "As expected"),
    "factores.residual.menos": ("Menos migración de la esperada", "Less migration than expected"),
    "factores.coefficients_title": (
        "Coeficientes del modelo lineal estandarizado",
        "Coefficients of the standardised linear model",
    ),
    "factores.coefficients_note": (
        "Errores estándar agrupados por departamento (los municipios de un departamento "
        "comparten condiciones no medidas); los clásicos se muestran al lado para comparar.",
        "Standard errors clustered by department (municipalities of one department share "
        "unmeasured conditions); the classical ones are shown beside them for comparison.",
    ),
    "factores.col.std_error": ("Error estándar (agrupado)", "Standard error (clustered)"),
    "factores.col.t": ("t", "t"),
    "factores.col.vif": ("Inflación de varianza (VIF)", "Variance inflation (VIF)"),
    "factores.col.ci_low": ("IC 95 % inferior", "95% CI lower"),
    "factores.col.ci_high": ("IC 95 % superior", "95% CI upper"),
    "factores.col.std_error_classical": ("Error estándar (clásico)", "Standard error (classical)"),
    "factores.col.p_value_classical": ("Valor p (clásico)", "p-value (classical)"),
    "factores.col.observed": ("Observado", "Observed"),
    "factores.col.predicted_linear": ("Predicho · lineal", "Predicted · linear"),
    "factores.col.predicted_flexible": ("Predicho · flexible", "Predicted · flexible"),
    "factores.col.residual": ("Residuo", "Residual"),
    "factores.col.residual_z": ("Residuo estandarizado", "Standardised residual"),
    "factores.col.residual_class": ("Frente a lo esperado", "Against expectation"),
    # ---------------------------------------------------------------- trends
    "tendencias.title": ("Tendencias", "Trends"),
    "tendencias.intro": (
        "Series de tiempo disponibles y su crecimiento anual compuesto entre el primer y el "
        "último año elegidos.",
        "Available time series and their compound annual growth between the first and last "
        "chosen years.",
    ),
    "tendencias.series": ("Serie", "Series"),
    "tendencias.series.poblacion_proyectada": (
        "Población proyectada (INE)",
        "Projected population (INE)",
    ),
    "tendencias.series.matricula_primaria": (
        "Matrícula en primaria (MINEDUC)",
        "Primary enrolment (MINEDUC)",
    ),
    "tendencias.series.docentes_primaria": (
        "Docentes de primaria (MINEDUC)",
        "Primary teachers (MINEDUC)",
    ),
    "tendencias.series.retornados": (
        "Personas retornadas (IGM/DGM)",
        "Returned persons (IGM/DGM)",
    ),
    "tendencias.level.nacional": ("Nacional", "National"),
    "tendencias.level.departamento": ("Departamento", "Department"),
    "tendencias.level.municipio": ("Municipio", "Municipality"),
    "tendencias.years": ("Años", "Years"),
    "tendencias.territories": ("Territorios en el gráfico", "Territories in the chart"),
    "tendencias.growth_title": ("Crecimiento por territorio", "Growth by territory"),
    "tendencias.col.name": ("Nombre", "Name"),
    "tendencias.col.level": ("Nivel", "Level"),
    "tendencias.col.series": ("Serie", "Series"),
    "tendencias.col.first_year": ("Primer año", "First year"),
    "tendencias.col.last_year": ("Último año", "Last year"),
    "tendencias.col.n_years": ("Años con dato", "Years with data"),
    "tendencias.col.first_value": ("Valor inicial", "First value"),
    "tendencias.col.last_value": ("Valor final", "Last value"),
    "tendencias.col.change": ("Cambio", "Change"),
    "tendencias.col.change_pct": ("Cambio (%)", "Change (%)"),
    "tendencias.col.annual_growth_pct": (
        "Crecimiento anual compuesto (%)",
        "Compound annual growth (%)",
    ),
    "tendencias.col.trend_pct": ("Tendencia log-lineal (% anual)", "Log-linear trend (% a year)"),
    "tendencias.returnees_note": (
        "Cifras nacionales publicadas por IGM/DGM en prensa; 2025 cubre del 1 de enero al 21 "
        "de diciembre.",
        "National figures published by IGM/DGM through the press; 2025 covers 1 January to "
        "21 December.",
    ),
    "tendencias.zero_note": (
        "Los ceros se tratan como «no reportado» (p. ej. docentes antes de 2003).",
        "Zeros are treated as 'not reported' (e.g. teachers before 2003).",
    ),
    "tendencias.own_series": (
        "¿Tiene series municipales de homicidios (PNC) o de retornados por municipio de origen "
        "(IGM/OIM)? Prepárelas en formato largo (code, year, value) y analícelas con "
        "`raices analyze trends --add archivo.csv`.",
        "Do you have municipal homicide (PNC) or returnees-by-origin (IGM/OIM) series? Prepare "
        "them in long form (code, year, value) and analyse them with "
        "`raices analyze trends --add file.csv`.",
    ),
}
