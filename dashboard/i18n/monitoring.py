"""Strings of the monitoring pages (seguimiento: accountability, dashboard, workspace,
sign-in). Registered into :data:`dashboard.i18n.STRINGS` by one import line in
``dashboard/i18n/__init__.py``. Key -> (Spanish, English).
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- frame
    "app.section.seguimiento": ("Seguimiento", "Monitoring"),
    "seguimiento.publico.title": ("Rendición de cuentas", "Accountability"),
    "seguimiento.tablero.title": ("Tablero de seguimiento", "Monitoring dashboard"),
    "seguimiento.registro.title": ("Registro de acciones", "Recording actions"),
    # ---------------------------------------------------------------- sign-in
    "seguimiento.role.editor": ("editor de institución", "institution editor"),
    "seguimiento.role.secretaria": ("secretaría técnica", "technical secretariat"),
    "seguimiento.role.None": ("público", "public"),
    "seguimiento.login.title": ("Iniciar sesión (instituciones)", "Sign in (institutions)"),
    "seguimiento.login.user": ("Usuario", "User name"),
    "seguimiento.login.password": ("Contraseña", "Password"),
    "seguimiento.login.submit": ("Entrar", "Sign in"),
    "seguimiento.login.out": ("Cerrar sesión", "Sign out"),
    "seguimiento.login.as": ("Sesión iniciada como {role}:", "Signed in as {role}:"),
    "seguimiento.login.failed": (
        "No se pudo iniciar sesión: {detail}",
        "Could not sign in: {detail}",
    ),
    "seguimiento.login.provider": (
        "Iniciar sesión con el proveedor de identidad",
        "Sign in with the identity provider",
    ),
    "seguimiento.login.unknown_account": (
        "Su identidad fue verificada, pero no tiene una cuenta en Raíces. Pida a la "
        "secretaría que la cree; mientras tanto ve la vista pública.",
        "Your identity was verified, but you have no Raíces account. Ask the secretariat to "
        "create one; meanwhile you see the public view.",
    ),
    "seguimiento.login.no_authlib": (
        "El proveedor de identidad está configurado pero falta el paquete Authlib; se usan "
        "las cuentas locales.",
        "An identity provider is configured but the Authlib package is missing; local "
        "accounts are used.",
    ),
    "seguimiento.login.needed": (
        "Inicie sesión en la barra lateral para registrar acciones. Las cuentas las crea la "
        "secretaría técnica con «raices seguimiento usuarios».",
        "Sign in from the sidebar to record actions. Accounts are created by the technical "
        "secretariat with «raices seguimiento usuarios».",
    ),
    # ---------------------------------------------------------------- common
    "seguimiento.error": ("{detail}", "{detail}"),
    "seguimiento.denied": ("Sin permiso: {detail}", "Not allowed: {detail}"),
    "seguimiento.conflict": (
        "Conflicto: otra persona guardó este registro después de que usted lo abrió. Sus "
        "cambios NO se guardaron. Vuelva a abrir el registro, revise los cambios y guarde "
        "de nuevo. ({detail})",
        "Conflict: someone else saved this record after you opened it. Your changes were "
        "NOT saved. Reopen the record, review the changes and save again. ({detail})",
    ),
    "seguimiento.saved": ("Guardado: {what}", "Saved: {what}"),
    "seguimiento.empty": (
        "Todavía no hay registros de seguimiento.",
        "There are no monitoring records yet.",
    ),
    "seguimiento.how_to_start": (
        "Cómo empezar: (1) la secretaría técnica crea la primera institución (página «Registro "
        "de acciones» o «raices seguimiento instituciones»); (2) crea las cuentas de los "
        "editores con «raices seguimiento usuarios»; (3) cada institución descarga la "
        "plantilla 5W, la llena y la importa con «raices seguimiento importar», o registra "
        "sus acciones en el formulario; (4) la secretaría revisa y publica.",
        "How to start: (1) the technical secretariat creates the first institution (page "
        "«Recording actions» or «raices seguimiento instituciones»); (2) it creates the "
        "editors' accounts with «raices seguimiento usuarios»; (3) each institution downloads "
        "the 5W template, fills it in and imports it with «raices seguimiento importar», or "
        "records its actions in the form; (4) the secretariat reviews and publishes.",
    ),
    "seguimiento.template": (
        "Descargar la plantilla 5W (Excel)",
        "Download the 5W template (Excel)",
    ),
    "seguimiento.opendata": (
        "Descargar las acciones publicadas (CSV con etiquetas HXL)",
        "Download the published actions (CSV with HXL tags)",
    ),
    "seguimiento.scope.public": (
        "Se muestran sólo los registros publicados por la secretaría técnica, sin datos de "
        "contacto.",
        "Only records published by the technical secretariat are shown, without contact data.",
    ),
    "seguimiento.scope.editor": (
        "Se muestran los registros publicados y los borradores de su institución.",
        "Published records and your institution's drafts are shown.",
    ),
    "seguimiento.scope.secretaria": (
        "Se muestran todos los registros, publicados y borradores.",
        "All records are shown, published and drafts.",
    ),
    "seguimiento.scenario_note": (
        "Prioridad según el escenario «{name}» (huella {hash}).",
        "Priority under the scenario «{name}» (fingerprint {hash}).",
    ),
    # ---------------------------------------------------------------- vocabularies
    "seguimiento.status.planificada": ("Planificada", "Planned"),
    "seguimiento.status.en_curso": ("En curso", "In progress"),
    "seguimiento.status.completada": ("Completada", "Completed"),
    "seguimiento.status.cancelada": ("Cancelada", "Cancelled"),
    "seguimiento.response.sin": ("sin acciones", "no actions"),
    "seguimiento.response.poca": ("pocas acciones", "few actions"),
    "seguimiento.response.con": ("con acciones", "with actions"),
    "seguimiento.band.alta": ("prioridad alta", "high priority"),
    "seguimiento.band.media": ("prioridad media", "medium priority"),
    "seguimiento.band.baja": ("prioridad baja", "low priority"),
    "seguimiento.band.sin dato": ("sin dato", "no data"),
    "seguimiento.agreement.a_tiempo": ("Cumplidos a tiempo", "Fulfilled on time"),
    "seguimiento.agreement.tarde": ("Cumplidos con retraso", "Fulfilled late"),
    "seguimiento.agreement.vencido": ("Vencidos sin cumplir", "Overdue"),
    "seguimiento.agreement.pendiente": ("Pendientes (en plazo)", "Pending (not yet due)"),
    "seguimiento.agreement.sin_fecha": ("Sin fecha límite", "No due date"),
    # ---------------------------------------------------------------- public page
    "seguimiento.publico.intro": (
        "Qué hacen las instituciones de la Mesa Multisectoral (MMM), dónde y para quién: las "
        "acciones publicadas por la secretaría técnica, frente a la prioridad de cada "
        "territorio.",
        "What the institutions of the Multisectoral Roundtable (MMM) do, where and for whom: "
        "the actions published by the technical secretariat, against each territory's "
        "priority.",
    ),
    "seguimiento.metric.actions": ("Acciones", "Actions"),
    "seguimiento.metric.institutions": ("Instituciones", "Institutions"),
    "seguimiento.metric.municipios": ("Municipios con acciones", "Municipalities with actions"),
    "seguimiento.metric.people": ("Personas alcanzadas", "People reached"),
    "seguimiento.metric.executed": ("Presupuesto ejecutado (Q)", "Budget executed (Q)"),
    "seguimiento.metric.uncovered": (
        "Municipios de prioridad alta sin acciones",
        "High-priority municipalities without actions",
    ),
    "seguimiento.publico.actions": ("Acciones publicadas", "Published actions"),
    # ---------------------------------------------------------------- columns
    "seguimiento.col.title": ("Acción", "Action"),
    "seguimiento.col.institution": ("Institución", "Institution"),
    "seguimiento.col.partners": ("Instituciones socias", "Partner institutions"),
    "seguimiento.col.sector": ("Sector", "Sector"),
    "seguimiento.col.theme": ("Tema o comisión", "Theme or commission"),
    "seguimiento.col.type": ("Tipo de acción", "Type of action"),
    "seguimiento.col.status": ("Estado", "Status"),
    "seguimiento.col.where": ("Dónde", "Where"),
    "seguimiento.col.start": ("Inicio", "Start"),
    "seguimiento.col.end": ("Fin", "End"),
    "seguimiento.col.planned": ("Presupuesto planificado (Q)", "Budget planned (Q)"),
    "seguimiento.col.executed": ("Presupuesto ejecutado (Q)", "Budget executed (Q)"),
    "seguimiento.col.execution": ("Ejecución", "Execution"),
    "seguimiento.col.reported": ("Acciones que reportan ejecución", "Actions reporting execution"),
    "seguimiento.col.people": ("Personas alcanzadas", "People reached"),
    "seguimiento.col.pilot": ("Plan piloto", "Pilot plan"),
    "seguimiento.col.published": ("Publicada", "Published"),
    "seguimiento.col.actions": ("Acciones", "Actions"),
    "seguimiento.col.institutions": ("Instituciones", "Institutions"),
    "seguimiento.col.actions_local": ("En el municipio", "In the municipality"),
    "seguimiento.col.actions_wide": ("Departamentales", "Department-wide"),
    "seguimiento.col.band": ("Prioridad", "Priority"),
    "seguimiento.col.response": ("Respuesta", "Response"),
    "seguimiento.col.rank": ("Posición", "Rank"),
    "seguimiento.col.score": ("Puntaje de prioridad", "Priority score"),
    "seguimiento.col.territory": ("Territorio", "Territory"),
    "seguimiento.col.theme_rank": ("Posición en el tema", "Rank in the theme"),
    "seguimiento.col.theme_score": ("Puntaje del tema", "Theme score"),
    "seguimiento.col.on_theme": ("Acciones en el tema", "Actions on the theme"),
    "seguimiento.col.any_theme": ("Acciones en cualquier tema", "Actions on any theme"),
    "seguimiento.col.covered": ("Causas cubiertas", "Causes covered"),
    "seguimiento.col.missing": ("Causas sin acciones", "Causes without actions"),
    "seguimiento.col.dimension": ("Desagregación", "Disaggregation"),
    "seguimiento.col.group": ("Grupo", "Group"),
    "seguimiento.col.share": ("Proporción alcanzada", "Share reached"),
    "seguimiento.col.population_share": ("Proporción en la población", "Share of the population"),
    "seguimiento.col.difference": ("Diferencia (puntos)", "Difference (points)"),
    "seguimiento.col.indicator": ("Indicador", "Indicator"),
    "seguimiento.col.kind": ("Tipo", "Kind"),
    "seguimiento.col.unit": ("Unidad", "Unit"),
    "seguimiento.col.baseline": ("Línea de base", "Baseline"),
    "seguimiento.col.target": ("Meta", "Target"),
    "seguimiento.col.latest": ("Último valor", "Latest value"),
    "seguimiento.col.latest_on": ("Medido el", "Measured on"),
    "seguimiento.col.progress": ("Avance hacia la meta", "Progress to target"),
    "seguimiento.col.measurements": ("Mediciones", "Measurements"),
    "seguimiento.col.pair_a": ("Institución A", "Institution A"),
    "seguimiento.col.pair_b": ("Institución B", "Institution B"),
    "seguimiento.col.joint": ("Acciones conjuntas", "Joint actions"),
    "seguimiento.col.territories": ("Territorios", "Territories"),
    "seguimiento.col.date": ("Fecha", "Date"),
    "seguimiento.col.meeting_kind": ("Tipo de reunión", "Meeting type"),
    "seguimiento.col.attended": ("Asistencias", "Attendances"),
    "seguimiento.col.meetings": ("Reuniones", "Meetings"),
    "seguimiento.col.rate": ("Tasa de asistencia", "Attendance rate"),
    "seguimiento.col.agreement": ("Acuerdo", "Agreement"),
    "seguimiento.col.due": ("Fecha límite", "Due date"),
    "seguimiento.col.timeliness": ("Cumplimiento", "Fulfilment"),
    "seguimiento.col.count": ("Número", "Count"),
    "seguimiento.col.table": ("Tipo de registro", "Record type"),
    "seguimiento.col.version": ("Versión", "Version"),
    "seguimiento.col.text": ("Texto", "Text"),
    "seguimiento.col.name": ("Nombre", "Name"),
    "seguimiento.col.acronym": ("Siglas", "Acronym"),
    "seguimiento.col.official": ("Delegación oficial", "Official delegation"),
    "seguimiento.col.contact_name": ("Contacto", "Contact"),
    "seguimiento.col.contact_email": ("Correo", "E-mail"),
    "seguimiento.col.contact_phone": ("Teléfono", "Phone"),
    "seguimiento.table.actions": ("Acción", "Action"),
    "seguimiento.table.indicators": ("Indicador", "Indicator"),
    "seguimiento.table.measurements": ("Medición", "Measurement"),
    "seguimiento.table.meetings": ("Reunión", "Meeting"),
    "seguimiento.table.agreements": ("Acuerdo", "Agreement"),
    # ---------------------------------------------------------------- dashboard tabs
    "seguimiento.tab.need": ("Necesidad y respuesta", "Need and response"),
    "seguimiento.tab.progress": ("Avance", "Progress"),
    "seguimiento.tab.coordination": ("Coordinación", "Coordination"),
    "seguimiento.tab.functioning": ("Funcionamiento de la MMM", "MMM functioning"),
    "seguimiento.need.intro": (
        "Cada municipio combina su prioridad (según el índice) con las acciones presentes. "
        "Rosa intenso = prioridad alta sin acciones; azul intenso = prioridad alta con "
        "acciones. Las acciones departamentales cuentan en cada municipio del departamento.",
        "Each municipality combines its priority (from the index) with the actions present. "
        "Strong pink = high priority without actions; strong blue = high priority with "
        "actions. Department-wide actions count in every municipality of the department.",
    ),
    "seguimiento.need.legend": ("Prioridad · respuesta", "Priority · response"),
    "seguimiento.need.detail": (
        "Posición {rank} · acciones: {actions}",
        "Rank {rank} · actions: {actions}",
    ),
    "seguimiento.need.table": (
        "Prioridad y acciones por municipio",
        "Priority and actions by municipality",
    ),
    "seguimiento.need.few": ("Se consideran «pocas» hasta", "«Few» means at most"),
    "seguimiento.gaps.title": ("Brechas por tema", "Gaps by theme"),
    "seguimiento.gaps.intro": (
        "Municipios entre los {top} de mayor necesidad en cada tema que tienen {few} acciones "
        "o menos sobre ese tema.",
        "Municipalities among the {top} with most need in each theme that have {few} actions "
        "or fewer on that theme.",
    ),
    "seguimiento.gaps.top": (
        "Municipios de mayor necesidad por tema",
        "Highest-need municipalities per theme",
    ),
    "seguimiento.gaps.none": (
        "Ningún municipio de alta necesidad queda sin acciones en ningún tema.",
        "No high-need municipality is left without actions in any theme.",
    ),
    "seguimiento.pilot.title": (
        "Cobertura del plan piloto por causa",
        "Pilot-plan coverage by cause",
    ),
    "seguimiento.pilot.intro": (
        "Territorios del plan piloto del escenario y acciones sobre cada causa (tema). Una "
        "celda en blanco es una causa sin acciones en ese territorio.",
        "Pilot-plan territories of the scenario and actions on each cause (theme). A white "
        "cell is a cause with no action in that territory.",
    ),
    "seguimiento.progress.status": (
        "Acciones por estado e institución",
        "Actions by status and institution",
    ),
    "seguimiento.progress.budget_institution": (
        "Presupuesto planificado y ejecutado por institución",
        "Budget planned and executed by institution",
    ),
    "seguimiento.progress.budget_theme": (
        "Presupuesto planificado y ejecutado por tema",
        "Budget planned and executed by theme",
    ),
    "seguimiento.progress.budget_note": (
        "Quetzales. La ejecución compara lo ejecutado con lo planificado de las mismas "
        "acciones que reportan ejecución; una acción sin monto ejecutado no cuenta como cero.",
        "Quetzales. Execution compares the executed amount with the planned amount of the "
        "same actions that report execution; an action without an executed amount does not "
        "count as zero.",
    ),
    "seguimiento.progress.reach": (
        "Personas alcanzadas frente a la población de los mismos municipios",
        "People reached against the population of the same municipalities",
    ),
    "seguimiento.progress.reach_note": (
        "La referencia es la proporción de cada grupo en la población de los municipios donde "
        "ocurren las acciones (ponderada por población). La base de Raíces tiene proporciones "
        "municipales por pueblo (ACNUR A2SIT), pero no por sexo ni por los grupos de edad que "
        "se reportan: para esos grupos no se muestra referencia.",
        "The reference is each group's share of the population of the municipalities where "
        "the actions take place (population-weighted). Raíces's build has municipal shares by "
        "people (UNHCR A2SIT) but not by sex or by the reported age groups: no reference is "
        "shown for those groups.",
    ),
    "seguimiento.progress.results": (
        "Indicadores de resultados frente a línea de base y meta",
        "Results indicators against baseline and target",
    ),
    "seguimiento.progress.no_results": (
        "Todavía no hay indicadores de resultados registrados.",
        "No results indicators have been recorded yet.",
    ),
    "seguimiento.progress.no_reach": (
        "Ninguna acción reporta todavía personas alcanzadas.",
        "No action reports people reached yet.",
    ),
    "seguimiento.coordination.intro": (
        "Dos instituciones actúan juntas cuando comparten una acción (institución líder o "
        "socia). La tabla dice dónde.",
        "Two institutions act together when they share an action (lead or partner). The "
        "table says where.",
    ),
    "seguimiento.coordination.none": (
        "Todavía no hay acciones con instituciones socias.",
        "There are no actions with partner institutions yet.",
    ),
    "seguimiento.coordination.matrix": ("Matriz de acciones conjuntas", "Matrix of joint actions"),
    "seguimiento.coordination.network": ("Red de coordinación", "Coordination network"),
    "seguimiento.functioning.meetings": ("Reuniones celebradas", "Meetings held"),
    "seguimiento.functioning.attendance": ("Asistencia por sector", "Attendance by sector"),
    "seguimiento.functioning.agreements": (
        "Acuerdos y su cumplimiento",
        "Agreements and fulfilment",
    ),
    "seguimiento.functioning.agreements_total": ("Acuerdos", "Agreements"),
    "seguimiento.functioning.on_time": (
        "Acuerdos cumplidos a tiempo",
        "Agreements fulfilled on time",
    ),
    "seguimiento.functioning.none": (
        "Todavía no hay reuniones registradas.",
        "No meetings have been recorded yet.",
    ),
    "seguimiento.functioning.attendance_note": (
        "Tasa = asistencias / (instituciones del sector × reuniones).",
        "Rate = attendances / (institutions of the sector × meetings).",
    ),
    # ---------------------------------------------------------------- workspace
    "seguimiento.registro.intro": (
        "Registre y edite las acciones de su institución, sus mediciones de resultados, y "
        "(secretaría) las reuniones, acuerdos y la publicación. Cada cambio queda en la "
        "bitácora de auditoría.",
        "Record and edit your institution's actions and results measurements, and "
        "(secretariat) meetings, agreements and publication. Every change is kept in the "
        "audit trail.",
    ),
    "seguimiento.tab.action": ("Acción", "Action"),
    "seguimiento.tab.measurement": ("Medición", "Measurement"),
    "seguimiento.tab.meeting": ("Reunión", "Meeting"),
    "seguimiento.tab.agreement": ("Acuerdo", "Agreement"),
    "seguimiento.tab.publish": ("Revisar y publicar", "Review and publish"),
    "seguimiento.tab.institutions": ("Instituciones", "Institutions"),
    "seguimiento.form.pick_action": ("Acción a editar", "Action to edit"),
    "seguimiento.form.new": ("(nueva)", "(new)"),
    "seguimiento.form.institution": ("Institución líder", "Lead institution"),
    "seguimiento.form.partners": ("Instituciones socias", "Partner institutions"),
    "seguimiento.form.external_id": (
        "Identificador propio de la institución",
        "Institution's own id",
    ),
    "seguimiento.form.title": ("Título", "Title"),
    "seguimiento.form.description": ("Descripción", "Description"),
    "seguimiento.form.theme": ("Causa (tema)", "Cause (theme)"),
    "seguimiento.form.type": ("Tipo de acción", "Type of action"),
    "seguimiento.form.municipios": ("Municipios", "Municipalities"),
    "seguimiento.form.departamentos": (
        "Departamentos (acciones departamentales)",
        "Departments (department-wide actions)",
    ),
    "seguimiento.form.start": ("Fecha de inicio", "Start date"),
    "seguimiento.form.end": ("Fecha de fin", "End date"),
    "seguimiento.form.status": ("Estado", "Status"),
    "seguimiento.form.segments": ("Población meta", "Target segments"),
    "seguimiento.form.reached": ("Personas alcanzadas", "People reached"),
    "seguimiento.form.returnees": ("Incluye personas retornadas", "Includes returnees"),
    "seguimiento.form.planned": ("Presupuesto planificado (Q)", "Budget planned (Q)"),
    "seguimiento.form.executed": ("Presupuesto ejecutado (Q)", "Budget executed (Q)"),
    "seguimiento.form.funding": ("Fuente de financiamiento", "Funding source"),
    "seguimiento.form.in_pilot": ("Parte del plan piloto", "Part of the pilot plan"),
    "seguimiento.form.notes": ("Notas", "Notes"),
    "seguimiento.form.evidence": (
        "Enlaces a evidencia (uno por línea)",
        "Links to evidence (one per line)",
    ),
    "seguimiento.form.save": ("Guardar", "Save"),
    "seguimiento.form.reopen": (
        "Volver a abrir el registro (con los cambios de la otra persona)",
        "Reopen the record (with the other person's changes)",
    ),
    "seguimiento.form.version": ("Versión abierta: {version}", "Opened version: {version}"),
    "seguimiento.form.indicator": ("Indicador de resultados", "Results indicator"),
    "seguimiento.form.value": ("Valor medido", "Measured value"),
    "seguimiento.form.measured_on": ("Fecha de la medición", "Measurement date"),
    "seguimiento.form.no_indicators": (
        "No hay indicadores de resultados: créelos primero.",
        "There are no results indicators: create them first.",
    ),
    "seguimiento.form.new_indicator": ("Nuevo indicador de resultados", "New results indicator"),
    "seguimiento.form.indicator_name": ("Nombre del indicador", "Indicator name"),
    "seguimiento.form.kind": ("Tipo (producto o efecto)", "Kind (output or outcome)"),
    "seguimiento.form.unit": ("Unidad", "Unit"),
    "seguimiento.form.baseline": ("Línea de base", "Baseline"),
    "seguimiento.form.target": ("Meta", "Target"),
    "seguimiento.form.meeting_date": ("Fecha de la reunión", "Meeting date"),
    "seguimiento.form.meeting_kind": ("Tipo de reunión", "Meeting type"),
    "seguimiento.form.commission": ("Comisión", "Commission"),
    "seguimiento.form.attending": ("Instituciones asistentes", "Institutions attending"),
    "seguimiento.form.agreement_text": ("Texto del acuerdo", "Agreement text"),
    "seguimiento.form.meeting": ("Reunión", "Meeting"),
    "seguimiento.form.responsible": ("Institución responsable", "Responsible institution"),
    "seguimiento.form.due": ("Fecha límite", "Due date"),
    "seguimiento.form.agreement_status": ("Estado del acuerdo", "Agreement status"),
    "seguimiento.form.pick_agreement": ("Acuerdo a editar", "Agreement to edit"),
    "seguimiento.form.pick_meeting": ("Reunión a editar", "Meeting to edit"),
    "seguimiento.form.no_meetings": (
        "No hay reuniones registradas: registre primero la reunión.",
        "There are no meetings recorded: record the meeting first.",
    ),
    "seguimiento.form.no_institutions": (
        "No hay instituciones registradas. La secretaría debe crear la primera institución.",
        "There are no institutions registered. The secretariat must create the first one.",
    ),
    "seguimiento.form.inst_name": ("Nombre de la institución", "Institution name"),
    "seguimiento.form.inst_acronym": ("Siglas", "Acronym"),
    "seguimiento.form.inst_sector": ("Sector", "Sector"),
    "seguimiento.form.inst_official": ("Delegación oficial", "Official delegation"),
    "seguimiento.form.inst_contact": ("Persona de contacto (privado)", "Contact person (private)"),
    "seguimiento.form.inst_email": ("Correo de contacto (privado)", "Contact e-mail (private)"),
    "seguimiento.form.inst_phone": ("Teléfono de contacto (privado)", "Contact phone (private)"),
    "seguimiento.form.create_institution": ("Crear institución", "Create institution"),
    "seguimiento.publish.intro": (
        "Borradores pendientes de publicación. Publicar hace visible el registro en la vista "
        "pública y en los datos abiertos (nunca los contactos).",
        "Drafts waiting for publication. Publishing makes the record visible in the public "
        "view and in the open data (never the contacts).",
    ),
    "seguimiento.publish.pick": ("Registros a publicar", "Records to publish"),
    "seguimiento.publish.button": ("Publicar los seleccionados", "Publish the selected ones"),
    "seguimiento.publish.none": ("No hay borradores pendientes.", "There are no drafts waiting."),
    "seguimiento.publish.done": ("Publicados: {n}", "Published: {n}"),
    "seguimiento.secretariat_only": (
        "Sólo la secretaría técnica puede hacer esto; el almacén rechazaría la operación.",
        "Only the technical secretariat can do this; the store would refuse the operation.",
    ),
    "seguimiento.form.pick_measurement": ("Medición a corregir", "Measurement to correct"),
    "seguimiento.form.note": ("Nota", "Note"),
    "seguimiento.form.draft": (
        "Borrador: el público no lo ve hasta que la secretaría lo publique.",
        "Draft: the public does not see it until the secretariat publishes it.",
    ),
    "seguimiento.form.published": (
        "Publicado: el público lo ve. Un cambio de una institución lo devuelve a borrador.",
        "Published: the public sees it. A change by an institution returns it to draft.",
    ),
    "seguimiento.form.publish": ("Publicar", "Publish"),
    "seguimiento.form.unpublish": ("Retirar de la vista pública", "Withdraw from public view"),
    "seguimiento.form.delete": ("Eliminar", "Delete"),
    "seguimiento.form.delete_confirm": (
        "Confirmo que quiero eliminar este registro (queda en el historial y la secretaría "
        "puede restaurarlo)",
        "I confirm I want to delete this record (it stays in the history and the "
        "secretariat can restore it)",
    ),
    "seguimiento.published_one": ("Publicado: {what}", "Published: {what}"),
    "seguimiento.unpublished_one": (
        "Retirado de la vista pública: {what}",
        "Withdrawn from public view: {what}",
    ),
    "seguimiento.deleted": ("Eliminado: {what}", "Deleted: {what}"),
}
