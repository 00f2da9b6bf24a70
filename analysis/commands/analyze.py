"""``raices analyze``: spatial patterns, typologies, associated factors and trends as CSV.

Sub-commands::

    raices analyze spatial  --indicator pobreza            # Moran's I + LISA clusters
    raices analyze spatial  --scenario pesos_iguales       # same, on a composite score
    raices analyze typology --scenario pesos_iguales       # groups on theme scores
    raices analyze factors  --outcome emigracion_hogar     # associated factors
    raices analyze trends   --add homicidios_pnc.csv       # growth of the time series

Every sub-command accepts ``--lens`` / ``--group`` to restrict the analysis to, e.g., the
municipios with an indigenous majority, and writes its tables to ``--out`` (default
``out/analisis``).
"""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.causes.lenses import LENSES, filter_codes, split_apply
from analysis.commands.flags import check_common
from analysis.errors import RaicesError
from analysis.export.safety import write_csv

DEFAULT_OUT = Path("out") / "analisis"
LEVELS = ("municipio", "departamento")


def _common(parser: argparse.ArgumentParser, *, level: bool = True) -> None:
    if level:
        parser.add_argument(
            "--level", choices=LEVELS, default="municipio", help="nivel territorial"
        )
    parser.add_argument(
        "--lens",
        choices=list(LENSES),
        default=None,
        help="lente de desagregación (municipios): etnia, pueblo, area o departamento",
    )
    parser.add_argument(
        "--group",
        default=None,
        help="grupo del lente a analizar, p. ej. «mayoría indígena», «rural», «Huehuetenango»",
    )
    parser.add_argument("--seed", type=int, default=None, help="semilla aleatoria")
    parser.add_argument(
        "--out", type=Path, default=None, help="carpeta de salida (por defecto out/analisis)"
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="analiza las causas: patrones espaciales, tipologías, factores asociados, tendencias",
        description="Análisis de las causas de la migración sobre los datos construidos; cada "
        "subcomando escribe sus tablas en CSV para que el análisis pueda repetirse fuera de la app.",
    )
    commands = parser.add_subparsers(dest="analysis", metavar="ANÁLISIS")

    spatial = commands.add_parser(
        "spatial",
        help="I de Moran global y conglomerados locales (LISA) de un indicador o índice",
    )
    source = spatial.add_mutually_exclusive_group()
    source.add_argument("--indicator", default=None, help="indicador del catálogo (p. ej. pobreza)")
    source.add_argument("--scenario", default=None, help="escenario del índice compuesto")
    spatial.add_argument("--permutations", type=int, default=None, help="permutaciones (9999)")
    spatial.add_argument("--alpha", type=float, default=0.05, help="nivel de significación")
    spatial.add_argument(
        "--no-fdr", action="store_true", help="sin corrección por tasa de falsos descubrimientos"
    )
    spatial.add_argument(
        "--smooth",
        choices=["none", "global", "spatial"],
        default="none",
        help="suavizado empírico bayesiano de tasas con la población del Censo 2018",
    )
    spatial.add_argument(
        "--islands",
        choices=["nearest", "keep", "error"],
        default="nearest",
        help="territorios sin vecinos: unir al más cercano (por defecto), dejar o error",
    )
    spatial.add_argument(
        "--split",
        action="store_true",
        help="con --lens: calcular la I de Moran por separado en cada grupo del lente",
    )
    _common(spatial)
    spatial.set_defaults(func=run_spatial)

    typology = commands.add_parser(
        "typology", help="tipología de territorios (k-medias o Ward) con nombres por grupo"
    )
    features = typology.add_mutually_exclusive_group()
    features.add_argument(
        "--scenario",
        default=None,
        help="agrupar por los puntajes por tema de este escenario (por defecto pesos_iguales)",
    )
    features.add_argument(
        "--zscores",
        action="store_true",
        help="agrupar por el promedio de puntajes z de los indicadores por defecto de cada tema",
    )
    features.add_argument(
        "--indicators", default=None, help="agrupar por estos indicadores (separados por comas)"
    )
    typology.add_argument("--method", choices=["kmeans", "ward"], default="kmeans")
    typology.add_argument(
        "--k", type=int, default=None, help="número de grupos (por defecto: silueta)"
    )
    typology.add_argument("--k-min", type=int, default=3, help="k mínimo probado (3)")
    typology.add_argument("--k-max", type=int, default=8, help="k máximo probado (8)")
    typology.add_argument(
        "--regions",
        type=int,
        default=None,
        metavar="N",
        help="además, proponer N regiones contiguas (SKATER)",
    )
    typology.add_argument(
        "--missing",
        # typology.MISSING_POLICIES, written out so that building the parser does not
        # import scikit-learn (a test checks they agree)
        choices=("drop", "refuse"),
        default="drop",
        help="territorios con algún valor faltante: drop los deja fuera y lo dice (por "
        "defecto), refuse se detiene nombrando la columna",
    )
    _common(typology)
    typology.set_defaults(func=run_typology)

    factors = commands.add_parser(
        "factors", help="factores asociados a la migración (asociación, no causalidad)"
    )
    factors.add_argument(
        "--outcome",
        default="emigracion_hogar",
        help="resultado: emigracion_hogar (por defecto) o tasa_deportados",
    )
    factors.add_argument("--drivers", default=None, help="factores (separados por comas)")
    factors.add_argument(
        "--include-consequences",
        action="store_true",
        help="incluir factores que son en buena parte consecuencia de la emigración "
        "(jefatura femenina)",
    )
    factors.add_argument(
        "--model", choices=["gradient_boosting", "random_forest"], default="gradient_boosting"
    )
    factors.add_argument(
        "--folds",
        type=int,
        default=None,
        help="pliegues por departamento (por defecto uno por depto.)",
    )
    factors.add_argument("--repeats", type=int, default=10, help="permutaciones por factor (10)")
    factors.add_argument(
        "--standard-errors",
        choices=["cluster", "classical"],
        default="cluster",
        help="errores estándar del modelo lineal: agrupados por departamento (por defecto) "
        "o clásicos",
    )
    factors.add_argument(
        "--allow-modelled-drivers",
        action="store_true",
        help="mantener, con una advertencia, factores cuyo modelo de origen ya usa el resultado "
        "(brecha de pobreza y consumo frente a la emigración del censo)",
    )
    _common(factors, level=False)
    factors.set_defaults(func=run_factors)

    trends = commands.add_parser("trends", help="crecimiento de las series de tiempo")
    trends.add_argument("--series", default=None, help="sólo esta serie")
    trends.add_argument(
        "--level", choices=[*LEVELS, "nacional"], default=None, help="sólo este nivel"
    )
    trends.add_argument("--start", type=int, default=None, help="primer año")
    trends.add_argument("--end", type=int, default=None, help="último año")
    trends.add_argument(
        "--add",
        type=Path,
        action="append",
        default=[],
        metavar="CSV",
        help="serie propia en formato largo (code, year, value[, series, level]); repetible",
    )
    trends.add_argument(
        "--keep-zeros", action="store_true", help="tratar los ceros como valores, no como faltantes"
    )
    trends.add_argument(
        "--out", type=Path, default=None, help="carpeta de salida (por defecto out/analisis)"
    )
    trends.set_defaults(func=run_trends)

    parser.set_defaults(func=lambda args: _missing_analysis(parser))


def _missing_analysis(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 1


def _out_dir(args: argparse.Namespace) -> Path:
    out = args.out or paths.PROJECT_ROOT / DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    return out


def _write(frame: pd.DataFrame, path: Path, *, index: bool = True) -> Path:
    write_csv(frame, path, index=index, float_format="%.6g")
    print(f"Escrito: {path}")
    return path


def _slug(text: str) -> str:
    """ASCII file-name fragment: «mayoría indígena» → ``mayoria_indigena``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch if ch.isalnum() else "_" for ch in ascii_text.lower()).strip("_")


def _codes(args: argparse.Namespace, territories: pd.DataFrame) -> pd.Index:
    if (args.lens is None) != (args.group is None) and not getattr(args, "split", False):
        raise RaicesError("use --lens y --group juntos (p. ej. --lens area --group rural)")
    if args.lens and getattr(args, "level", "municipio") != "municipio":
        raise RaicesError("los lentes se aplican a municipios; use --level municipio")
    return filter_codes(territories, args.lens, args.group)


def _suffix(args: argparse.Namespace) -> str:
    suffix = f"_{_slug(args.lens)}_{_slug(args.group)}" if args.lens and args.group else ""
    level = getattr(args, "level", "municipio")
    return suffix + (f"_{level}" if level and level != "municipio" else "")


def _names(territories: pd.DataFrame) -> pd.DataFrame:
    columns = [c for c in ("name", "muni_name", "dept_code", "dept_name") if c in territories]
    return territories[columns]


def run_spatial(args: argparse.Namespace) -> int:
    check_common(args)
    from analysis import store
    from analysis.causes.spatial.autocorrelation import DEFAULT_PERMUTATIONS, DEFAULT_SEED
    from analysis.causes.spatial.patterns import spatial_patterns
    from analysis.causes.typology import scenario_scores

    level = args.level
    territories = store.load_territories(level)
    if args.scenario:
        values, _ = scenario_scores(args.scenario, level)
        name = f"indice_{_slug(Path(args.scenario).stem)}"
    else:
        name = args.indicator or "pobreza"
        indicators = store.load_indicators(level)
        if name not in indicators.columns:
            raise RaicesError(
                f"el indicador «{name}» no existe a nivel {level}",
                column=name,
                hint="vea la lista en analysis/catalog.csv",
            )
        values = indicators[name]
    values = values.rename(name)
    boundaries = store.load_boundaries(level)
    population = None
    if args.smooth != "none":
        population = store.load_indicators(level, ["poblacion"])["poblacion"]
    options = {
        "permutations": args.permutations or DEFAULT_PERMUTATIONS,
        "seed": DEFAULT_SEED if args.seed is None else args.seed,
        "alpha": args.alpha,
        "fdr": not args.no_fdr,
        "islands": args.islands,
        "smoothing": args.smooth,
        "population": population,
    }
    out = _out_dir(args)
    if args.split:
        if not args.lens:
            raise RaicesError("--split necesita --lens (p. ej. --lens etnia --split)")

        def moran_only(subset: pd.Series) -> pd.DataFrame:
            return spatial_patterns(subset, boundaries, **options).summary()

        table = split_apply(moran_only, values, territories, args.lens).table
        _write(table, out / f"espacial_{name}_por_{args.lens}.csv", index=False)
        for row in table.itertuples():
            print(f"  {row.grupo:<25} I = {row.moran_i:6.3f}  p = {row.p_sim:.4f}  (n = {row.n})")
        return 0
    codes = _codes(args, territories)
    result = spatial_patterns(values.loc[values.index.intersection(codes)], boundaries, **options)
    suffix = _suffix(args)
    _write(result.summary(), out / f"espacial_{name}{suffix}_moran.csv", index=False)
    clusters = _names(territories).join(result.clusters, how="inner")
    _write(clusters, out / f"espacial_{name}{suffix}_lisa.csv")
    moran = result.moran
    print(
        f"I de Moran de «{name}» ({level}, n = {moran.n}): {moran.moran_i:.3f} "
        f"(esperada {moran.expected_i:.3f}; p por permutación = {moran.p_sim:.4f}, "
        f"{moran.permutations} permutaciones)"
    )
    counts = result.clusters["cluster"].value_counts()
    print("Conglomerados: " + ", ".join(f"{label} {n}" for label, n in counts.items()))
    return 0


def run_typology(args: argparse.Namespace) -> int:
    check_common(args)
    from analysis import store
    from analysis.causes.regions import spatial_regions
    from analysis.causes.typology import (
        DEFAULT_SEED,
        complete_rows,
        scenario_scores,
        theme_scores,
        typology,
    )

    level = args.level
    territories = store.load_territories(level)
    catalog = store.load_catalog()
    nouns = None
    if args.indicators:
        chosen = [code.strip() for code in args.indicators.split(",") if code.strip()]
        indicators = store.load_indicators(level)
        unknown = [code for code in chosen if code not in indicators.columns]
        if unknown:
            raise RaicesError(f"indicadores desconocidos: {unknown}", column="indicators")
        features = indicators[chosen]
        nouns = {code: str(catalog.loc[code, "label_es"]).lower() for code in chosen}
        source = "indicadores"
    elif args.zscores:
        features = theme_scores(store.load_indicators(level), catalog)
        source = "puntajes z por tema"
    else:
        scenario = args.scenario or "pesos_iguales"
        _, features = scenario_scores(scenario, level)
        source = f"puntajes por tema del escenario «{scenario}»"
    codes = _codes(args, territories)
    features = features.loc[features.index.intersection(codes)]
    features, dropped = complete_rows(features, args.missing)
    if len(dropped):
        print(f"Aviso: {len(dropped)} territorio(s) sin todos los valores quedan fuera.")
    seed = DEFAULT_SEED if args.seed is None else args.seed
    result = typology(
        features,
        method=args.method,
        n_groups=args.k,
        k_range=(args.k_min, args.k_max),
        seed=seed,
        nouns=nouns,
    )
    out = _out_dir(args)
    suffix = _suffix(args)
    _write(result.groups_, out / f"tipologia{suffix}_grupos.csv", index=False)
    _write(result.scores_, out / f"tipologia{suffix}_criterio.csv", index=False)
    _write(result.centroids_, out / f"tipologia{suffix}_centroides.csv")
    assignments = _names(territories).join(result.assignments(), how="inner")
    if args.regions:
        boundaries = store.load_boundaries(level)
        assignments["region"] = spatial_regions(features, boundaries, n_regions=args.regions)
    _write(assignments, out / f"tipologia{suffix}_territorios.csv")
    print(
        f"Tipología ({args.method}) sobre {source}: k = {result.k_} "
        f"(silueta media {result.silhouette_:.3f}; criterio: mayor silueta entre "
        f"k = {result.scores_['k'].min()}–{result.scores_['k'].max()})"
    )
    for row in result.groups_.itertuples():
        print(f"  Grupo {row.group} ({row.n}): {row.name}")
    return 0


def run_factors(args: argparse.Namespace) -> int:
    check_common(args)
    from analysis import store
    from analysis.causes.drivers import ASSOCIATION_NOTE_ES, DEFAULT_SEED, associated_factors

    territories = store.load_territories("municipio")
    indicators = store.load_indicators("municipio")
    catalog = store.load_catalog()
    codes = _codes(args, territories)
    data = indicators.loc[indicators.index.intersection(codes)]
    drivers = None
    if args.drivers:
        drivers = [code.strip() for code in args.drivers.split(",") if code.strip()]
    model = associated_factors(
        data,
        args.outcome,
        drivers=drivers,
        catalog=catalog,
        consequences="include" if args.include_consequences else "exclude",
        flexible=args.model,
        n_folds=args.folds,
        n_repeats=args.repeats,
        seed=DEFAULT_SEED if args.seed is None else args.seed,
        standard_errors=args.standard_errors,
        leakage="warn" if args.allow_modelled_drivers else "refuse",
    )
    out = _out_dir(args)
    stem = f"factores_{args.outcome}{_suffix(args)}"
    _write(model.cv_scores_, out / f"{stem}_validacion.csv", index=False)
    _write(model.importance_, out / f"{stem}_importancia.csv", index=False)
    _write(model.coefficients_, out / f"{stem}_coeficientes.csv", index=False)
    _write(model.partial_dependence_, out / f"{stem}_dependencia_parcial.csv", index=False)
    _write(_names(territories).join(model.predictions_, how="inner"), out / f"{stem}_residuos.csv")
    print(ASSOCIATION_NOTE_ES)
    for warning in model.warnings_:
        print(f"  Advertencia: {warning}")
    significant = int((model.coefficients_["p_value"] < 0.05).sum())
    errors = "agrupados por departamento" if args.standard_errors == "cluster" else "clásicos"
    print(f"  Factores lineales con p < 0,05 (errores estándar {errors}): {significant}")
    for row in model.cv_scores_.itertuples():
        print(f"  R² validación cruzada por departamento, {row.model}: {row.r2:.3f} (n = {row.n})")
    print("Factores más asociados (modelo flexible):")
    for feature, row in model.top_factors(5).iterrows():
        sign = "+" if row["coefficient"] >= 0 else "−"
        print(
            f"  {feature:<32} importancia {row['importance_flexible']:.3f}  "
            f"β lineal {sign}{abs(row['coefficient']):.2f}"
        )
    return 0


def run_trends(args: argparse.Namespace) -> int:
    check_common(args)
    from analysis import store
    from analysis.causes.trends import (
        annual_changes,
        growth_rates,
        national_totals,
        read_series_file,
    )

    series = store.load_series(args.series)
    if args.add:
        added = [read_series_file(path) for path in args.add]
        if args.series:
            added = [frame[frame["series"] == args.series] for frame in added]
        series = pd.concat([series, *added], ignore_index=True)
        totals = national_totals(series, zero_as_missing=not args.keep_zeros)
        series = pd.concat([series, totals], ignore_index=True)
    if args.level:
        series = series[series["level"] == args.level]
    if series.empty:
        raise RaicesError("no hay series que coincidan con los filtros pedidos")
    growth = growth_rates(
        series, start=args.start, end=args.end, zero_as_missing=not args.keep_zeros
    )
    changes = annual_changes(series, zero_as_missing=not args.keep_zeros)
    out = _out_dir(args)
    _write(growth, out / "tendencias_crecimiento.csv", index=False)
    _write(changes, out / "tendencias_series.csv", index=False)
    national = growth[growth["level"] == "nacional"]
    for row in national.itertuples():
        print(
            f"  {row.series:<24} {row.first_year}–{row.last_year}: "
            f"{row.annual_growth_pct:+.2f} % anual ({row.first_value:,.0f} → {row.last_value:,.0f})"
        )
    return 0
