"""Strings of the own-data permissions and of shared links (Spanish, English)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "propios.header_only": (
        "La tabla sólo tiene encabezados: no hay ninguna fila de datos que emparejar.",
        "The table only has headers: there are no data rows to match.",
    ),
    "propios.session_only": (
        "Sin iniciar sesión puede subir una tabla y revisar su emparejamiento en esta "
        "sesión. Guardar o eliminar un indicador compartido requiere iniciar sesión como "
        "editor o secretaría.",
        "Without signing in you can upload a table and check how it matches in this "
        "session. Saving or removing a shared indicator requires signing in as an editor "
        "or the secretariat.",
    ),
    "propios.login_to_save": (
        "Inicie sesión como editor o secretaría para guardar este indicador en la capa compartida.",
        "Sign in as an editor or the secretariat to save this indicator in the shared layer.",
    ),
    "propios.error": (
        "No se pudo completar la operación.",
        "The operation could not be completed.",
    ),
    "enlace.problems": (
        "Este enlace pedía valores que no se pudieron aplicar:",
        "This link asked for values that could not be applied:",
    ),
    "enlace.refused": (
        "No se pudo abrir el escenario del enlace; se muestra el escenario por defecto.",
        "The scenario in the link could not be opened; the default scenario is shown.",
    ),
    "enlace.custom": ("Personalizado (enlace o archivo)", "Custom (link or file)"),
    "enlace.above_max": (
        "{field} «{value}»: la página admite como máximo {most}; se usa {most}",
        "{field} «{value}»: the page allows at most {most}; {most} is used",
    ),
    "enlace.no_control": (
        "{field} «{value}»: la página no tiene un control para esta restricción; se dejó fuera",
        "{field} «{value}»: the page has no control for this constraint; it was left out",
    ),
    "enlace.not_here": (
        "{field}: no está disponible a nivel {level}; se dejó fuera",
        "{field}: not available at {level} level; it was left out",
    ),
    "enlace.not_offered": (
        "{field} «{value}»: la página no ofrece esta opción; se usa «{used}»",
        "{field} «{value}»: the page does not offer this option; «{used}» is used",
    ),
    "enlace.snapped": (
        "{field} «{value}»: la página ofrece {choices}; se usa {used}",
        "{field} «{value}»: the page offers {choices}; {used} is used",
    ),
    "enlace.unknown_codes": (
        "{field} «{value}»: códigos desconocidos a este nivel; se dejaron fuera",
        "{field} «{value}»: codes unknown at this level; they were left out",
    ),
}
