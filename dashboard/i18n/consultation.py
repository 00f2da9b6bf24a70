"""Strings of the consultation pages (participant form and secretariat results), Spanish and English."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "app.section.consult": ("Consulta", "Consultation"),
    "consulta.nav.form": ("Responder la consulta", "Answer the consultation"),
    "consulta.nav.results": ("Resultados de la consulta", "Consultation results"),
    # ---------------------------------------------------------------- participant form
    "consulta.title": ("Consulta: ¿qué pesa más?", "Consultation: what matters most?"),
    "consulta.no_link": (
        "Abra esta página con el enlace de su ronda de consulta (termina en «?ronda=…»). "
        "La secretaría técnica lo comparte con las personas participantes.",
        "Open this page with the link of your consultation round (it ends in “?ronda=…”). "
        "The technical secretariat shares it with participants.",
    ),
    "consulta.unknown_link": (
        "El enlace no corresponde a ninguna ronda de consulta. Revise que esté completo.",
        "The link does not match any consultation round. Check that it is complete.",
    ),
    "consulta.date": ("Fecha: {date}", "Date: {date}"),
    "consulta.closed": (
        "Esta ronda está cerrada y ya no recibe respuestas. Gracias por su interés.",
        "This round is closed and no longer takes answers. Thank you for your interest.",
    ),
    "consulta.anonymous": (
        "Su respuesta es anónima: no se pide su nombre ni datos de contacto.",
        "Your answer is anonymous: no name or contact details are asked.",
    ),
    "consulta.sector": ("Sector al que representa", "Sector you represent"),
    "consulta.territory.departamento": ("Su departamento", "Your department"),
    "consulta.territory.municipio": ("Su municipio", "Your municipality"),
    "consulta.optional": (
        "Datos opcionales (sólo para el informe de participación)",
        "Optional details (only for the participation report)",
    ),
    "consulta.pueblo": ("Pueblo", "People"),
    "consulta.sex": ("Sexo", "Sex"),
    "consulta.age": ("Grupo de edad", "Age group"),
    "consulta.no_answer": ("Prefiere no responder", "Prefers not to answer"),
    "consulta.budget.intro": (
        "Reparta **100 puntos** entre los temas: más puntos, más peso en la priorización de "
        "territorios.",
        "Share **100 points** among the themes: more points, more weight in prioritising "
        "territories.",
    ),
    "consulta.budget.sum": (
        "Los puntos suman {total}; deben sumar exactamente 100. No se guardó nada.",
        "The points add up to {total}; they must add up to exactly 100. Nothing was saved.",
    ),
    "consulta.ahp.intro": (
        "Compare los temas de dos en dos: mueva cada control hacia el tema que considera más "
        "importante (1 = igual; 3 moderadamente, 5 fuertemente, 7 muy fuertemente, "
        "9 extremadamente más importante).",
        "Compare the themes two at a time: move each control towards the theme you consider "
        "more important (1 = equal; 3 moderately, 5 strongly, 7 very strongly, 9 extremely "
        "more important).",
    ),
    "consulta.pair.label": ("{first} frente a {second}", "{first} versus {second}"),
    "consulta.pair.more": (
        "{item}: {times} veces más importante",
        "{item}: {times} times more important",
    ),
    "consulta.pair.equal": ("igual de importantes", "equally important"),
    "consulta.comment": ("Comentario (opcional)", "Comment (optional)"),
    "consulta.send": ("Enviar mi respuesta", "Send my answer"),
    "consulta.resend": ("Enviar mi respuesta revisada", "Send my revised answer"),
    "consulta.need_territory": (
        "Elija su territorio antes de enviar. No se guardó nada.",
        "Choose your territory before sending. Nothing was saved.",
    ),
    "consulta.refused": (
        "No se pudo guardar la respuesta: {detail}",
        "The answer could not be saved: {detail}",
    ),
    "consulta.thanks": (
        "¡Gracias! Su respuesta quedó registrada.",
        "Thank you! Your answer has been recorded.",
    ),
    "consulta.revise": (
        "Su respuesta quedó registrada, pero sus comparaciones se contradicen bastante "
        "(razón de consistencia {cr}; lo recomendable es 0,10 o menos). Revise sobre todo "
        "estas comparaciones y vuelva a enviar:",
        "Your answer has been recorded, but your comparisons contradict each other quite a "
        "lot (consistency ratio {cr}; 0.10 or less is recommended). Please review these "
        "comparisons above all and send again:",
    ),
    "consulta.revise.item": (
        "• {first} frente a {second}: usted dijo «{said}»; sus demás respuestas sugieren «{suggested}».",
        "• {first} versus {second}: you said “{said}”; your other answers suggest “{suggested}”.",
    ),
    "consulta.revise.kept": (
        "Si prefiere no cambiarla, su respuesta se conserva tal como está, marcada como poco "
        "consistente. Si la revisa, la nueva reemplaza a la anterior.",
        "If you prefer not to change it, your answer is kept as it is, flagged as "
        "inconsistent. If you revise it, the new one replaces the earlier one.",
    ),
    "consulta.your_weights": ("Sus pesos", "Your weights"),
    "consulta.weight_pct": ("peso (%)", "weight (%)"),
    # ---------------------------------------------------------------- results (secretariat)
    "consulta.results.title": ("Consulta: resultados", "Consultation: results"),
    "consulta.results.login": (
        "Esta página es de la secretaría técnica. Inicie sesión en la barra lateral con una "
        "cuenta de secretaría.",
        "This page belongs to the technical secretariat. Sign in from the sidebar with a "
        "secretariat account.",
    ),
    "consulta.open.title": ("Abrir una ronda de consulta", "Open a consultation round"),
    "consulta.open.name": ("Nombre de la ronda", "Round name"),
    "consulta.open.date": ("Fecha", "Date"),
    "consulta.open.description": ("Descripción", "Description"),
    "consulta.open.method": ("Método", "Method"),
    "consulta.open.themes": ("Temas que se ponderan", "Themes to weigh"),
    "consulta.open.max_per_dept": (
        "Máximo por departamento en el piloto (0 = sin límite)",
        "Maximum per department in the pilot (0 = no limit)",
    ),
    "consulta.open.submit": ("Abrir la ronda", "Open the round"),
    "consulta.open.done": ("Ronda «{name}» abierta.", "Round “{name}” opened."),
    "consulta.method.presupuesto": ("Reparto de 100 puntos", "Budget allocation (100 points)"),
    "consulta.method.ahp": ("Comparación por pares (AHP)", "Pairwise comparison (AHP)"),
    "consulta.results.none": (
        "Todavía no hay rondas de consulta. Abra la primera arriba.",
        "There are no consultation rounds yet. Open the first one above.",
    ),
    "consulta.results.round": ("Ronda", "Round"),
    "consulta.results.link": (
        "Enlace para las personas participantes (añádalo a la dirección del tablero):",
        "Link for participants (append it to the dashboard's address):",
    ),
    "consulta.results.submissions": ("Respuestas", "Submissions"),
    "consulta.results.set.cerrada": ("Cerrar la ronda", "Close the round"),
    "consulta.results.set.abierta": ("Reabrir la ronda", "Reopen the round"),
    "consulta.status.abierta": ("Ronda abierta: recibe respuestas.", "Round open: taking answers."),
    "consulta.status.cerrada": (
        "Ronda cerrada: no recibe respuestas; sus respuestas anonimizadas entran en los datos abiertos.",
        "Round closed: no more answers; its anonymised answers enter the open data.",
    ),
    "consulta.results.template": ("Planilla para taller (XLSX)", "Workshop spreadsheet (XLSX)"),
    "consulta.import.title": ("Importar un taller en papel", "Import a paper workshop"),
    "consulta.import.file": ("Planilla llena (.xlsx o .csv)", "Filled spreadsheet (.xlsx or .csv)"),
    "consulta.import.submit": ("Revisar e importar", "Check and import"),
    "consulta.import.done": ("Se importaron {n} respuestas.", "{n} answers were imported."),
    "consulta.import.refused": (
        "La planilla tiene {n} problema(s); no se guardó nada. Corrija las filas señaladas:",
        "The spreadsheet has {n} problem(s); nothing was saved. Fix the rows listed:",
    ),
    "consulta.results.empty": (
        "La ronda todavía no tiene respuestas. Comparta el enlace o importe un taller.",
        "The round has no answers yet. Share the link or import a workshop.",
    ),
    "consulta.results.rule": ("Regla para combinar las voces", "Rule to combine the voices"),
    "consulta.rule.media": ("Media", "Mean"),
    "consulta.rule.mediana": ("Mediana", "Median"),
    "consulta.rule.media_geometrica": (
        "Media geométrica de los juicios",
        "Geometric mean of the judgements",
    ),
    "consulta.results.w": ("W de Kendall (acuerdo)", "Kendall's W (agreement)"),
    "consulta.results.w_value": ("W de Kendall = {w}", "Kendall's W = {w}"),
    "consulta.results.strong": (
        "Elegidos por ≥ 80 % de las voces",
        "Selected by ≥ 80 % of the voices",
    ),
    "consulta.results.w_reading": (
        "Acuerdo {words} entre {n} voces sobre el orden de los temas (p = {p}).",
        "{words} agreement among {n} voices on the order of the themes (p = {p}).",
    ),
    "consulta.agreement.muy_débil": ("muy débil", "Very weak"),
    "consulta.agreement.débil": ("débil", "Weak"),
    "consulta.agreement.moderado": ("moderado", "Moderate"),
    "consulta.agreement.fuerte": ("fuerte", "Strong"),
    "consulta.agreement.muy_fuerte": ("muy fuerte", "Very strong"),
    "consulta.agreement.no_definido": ("no definido", "Undefined"),
    "consulta.tab.agreement": ("Acuerdo", "Agreement"),
    "consulta.tab.pilot": ("Piloto entre las voces", "Pilot across voices"),
    "consulta.tab.weights": ("Pesos combinados", "Combined weights"),
    "consulta.tab.participation": ("Participación", "Participation"),
    "consulta.tab.comments": ("Comentarios", "Comments"),
    "consulta.results.correlation": (
        "Correlación de rangos (Spearman) entre los pesos combinados de cada par de sectores: "
        "1 = ordenan los temas igual, −1 = al revés.",
        "Rank correlation (Spearman) between the combined weights of each pair of sectors: "
        "1 = same order of themes, −1 = reversed.",
    ),
    "consulta.results.dividing": (
        "Temas que dividen a la sala: un rango intercuartílico de 0,10 o más (10 puntos) "
        "significa que la mitad central de las voces está muy repartida.",
        "Themes that divide the room: an interquartile range of 0.10 or more (10 points) "
        "means the middle half of the voices is widely spread.",
    ),
    "consulta.col.sector": ("Sector", "Sector"),
    "consulta.col.sector_b": ("Otro sector", "Other sector"),
    "consulta.col.iqr": ("Rango intercuartílico", "Interquartile range"),
    "consulta.col.rank_sd": ("Desviación del puesto", "Rank deviation"),
    "consulta.col.first": ("Lo ponen primero", "Ranked first by"),
    "consulta.col.last": ("Lo ponen último", "Ranked last by"),
    "consulta.col.gap": ("Diferencia entre sectores", "Gap between sectors"),
    "consulta.col.divides": ("Divide", "Divides"),
    "consulta.col.weight": ("Peso combinado", "Combined weight"),
    "consulta.col.rank_median": ("Puesto mediano", "Median rank"),
    "consulta.col.rank_best": ("Mejor puesto", "Best rank"),
    "consulta.col.rank_worst": ("Peor puesto", "Worst rank"),
    "consulta.col.p_top_k": ("Voces con él en el top {k}", "Voices with it in the top {k}"),
    "consulta.col.p_selected": (
        "Voces que lo eligen en el piloto",
        "Voices selecting it for the pilot",
    ),
    "consulta.col.strong": ("≥ 80 % de las voces", "≥ 80 % of the voices"),
    "consulta.col.heaviest": ("Tema al que dio más peso", "Theme given most weight"),
    "consulta.results.no_pilot": (
        "El escenario base de esta ronda no tiene piloto.",
        "This round's base scenario has no pilot.",
    ),
    "consulta.results.pilot_intro": (
        "Piloto de {k} territorios con las restricciones del plenario, elegido con los pesos de "
        "cada una de las {voices} voces: la barra es la proporción de voces bajo cuyos pesos "
        "el territorio entra al piloto. En verde, los elegidos por al menos el 80 % de las "
        "voces: una señal fuerte para el plenario.",
        "Pilot of {k} territories under the plenary's constraints, chosen with the weights of "
        "each of the {voices} voices: the bar is the share of voices under whose weights the "
        "territory enters the pilot. In green, those selected by at least 80 % of the voices: "
        "a strong signal for the plenary.",
    ),
    "consulta.results.pilot_axis": ("voces que lo eligen (%)", "voices selecting it (%)"),
    "consulta.results.infeasible": (
        "Con los pesos de {n} voces las restricciones del piloto no pudieron cumplirse; esas "
        "voces no cuentan en las proporciones.",
        "Under the weights of {n} voices the pilot's constraints could not hold; those voices "
        "are left out of the shares.",
    ),
    "consulta.results.weights_axis": (
        "peso combinado (%) y rango intercuartílico de las voces",
        "combined weight (%) and interquartile range of the voices",
    ),
    "consulta.results.by": ("Por grupo", "By group"),
    "consulta.group.sector": ("Sector", "Sector"),
    "consulta.group.territory": ("Territorio", "Territory"),
    "consulta.group.pueblo": ("Pueblo", "People"),
    "consulta.results.missing_sectors": (
        "Sectores sin ninguna voz: {sectors}.",
        "Sectors with no voice: {sectors}.",
    ),
    "consulta.results.missing_depts": (
        "Departamentos sin ninguna voz ({n}): {names}.",
        "Departments with no voice ({n}): {names}.",
    ),
    "consulta.results.inconsistent": (
        "Respuestas con razón de consistencia mayor que 0,10 (conservadas y marcadas): {n} de {total}.",
        "Answers with a consistency ratio above 0.10 (kept and flagged): {n} of {total}.",
    ),
    "consulta.results.no_comments": ("No hay comentarios.", "There are no comments."),
    "consulta.results.consensus": ("Escenario de consenso", "Consensus scenario"),
    "consulta.results.fingerprint": ("Huella: {hash}", "Fingerprint: {hash}"),
    "consulta.results.save": ("Guardar el escenario de consenso", "Save the consensus scenario"),
    "consulta.results.saved": (
        "Escenario «{name}» guardado (huella {hash}); ya puede usarse en «Comparar escenarios».",
        "Scenario “{name}” saved (fingerprint {hash}); it can now be used in “Compare scenarios”.",
    ),
    "consulta.results.pdf": ("Informe de la consulta (PDF)", "Consultation report (PDF)"),
    "consulta.results.toml": ("Escenario de consenso (TOML)", "Consensus scenario (TOML)"),
}
