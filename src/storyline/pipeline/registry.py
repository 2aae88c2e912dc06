"""The stage registry: stages declare what they require and what they assign.

A stage is a named callable in the manner of spaCy's pipeline components. Two scopes exist:

* ``article`` stages run over a batch of :class:`ArticleDoc` and return one
  :class:`~storyline.models.StageResult` per document. They are recomputed for an article
  when its text or the version of the stage (or of a stage it requires) changes.
* ``corpus`` stages run once over the whole analysable corpus (a :class:`CorpusContext`) and
  return one result. They are recomputed when any of their inputs changed.

The contract is enforced as spaCy enforces ``requires``/``assigns``: a stage may read only the
results of the stages it requires (:meth:`ArticleDoc.data` and :attr:`CorpusContext.corpus_results`
refuse any other), and the runner (:mod:`storyline.pipeline.runner`) refuses a result whose keys
differ from the declared ``assigns``. Which assigned keys the bundle exports is declared in one
place, :data:`storyline.bundle.EXPORTS`.

A stage may declare a ``gate``: the boolean key of its result that says whether an article goes
on to later stages (the ``clean`` stage's ``analysable``, say).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from storyline.errors import PipelineError
from storyline.models import Article, StageResult, StoredResult

if TYPE_CHECKING:
    from spacy.tokens import Doc

Scope = Literal["article", "corpus"]


@dataclass(frozen=True)
class Stage:
    """A registered analysis stage."""

    name: str
    version_spec: str | Callable[[], str]
    scope: Scope
    func: Callable[..., Any]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    spacy_components: frozenset[str] = frozenset()
    doc: str = ""
    gate: str | None = None

    @property
    def version(self) -> str:
        """The stage's version; a callable spec is evaluated now (e.g. it depends on other stages)."""
        return self.version_spec() if callable(self.version_spec) else self.version_spec


_REGISTRY: dict[str, Stage] = {}

# The order in which `analyze` runs stages. Later issues append their stages here.
DEFAULT_PIPELINE: list[str] = []


def stage(
    name: str,
    *,
    version: str | Callable[[], str],
    scope: Scope = "article",
    requires: Sequence[str] = (),
    assigns: Sequence[str] = (),
    spacy_components: Iterable[str] = (),
    default: bool = True,
    gate: str | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a stage function under ``name``.

    Args:
        name: unique stage name.
        version: bump it whenever the stage's output changes; stored results of another
            version are recomputed. A callable is evaluated each time the version is read.
        scope: ``"article"`` or ``"corpus"``.
        requires: names of stages whose results this stage reads.
        assigns: the keys this stage writes into its result data.
        spacy_components: spaCy pipeline components this stage needs from the shared NLP pass.
        default: append the stage to :data:`DEFAULT_PIPELINE`.
        gate: for an article stage, the boolean key of its result that says whether the article
            goes on to later stages; it must be one of ``assigns``.

    Raises:
        PipelineError: the name is taken, a required stage is not registered yet, or the gate
            is not an assigned key of an article stage.
    """

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        if name in _REGISTRY:
            raise PipelineError(f"stage {name!r} is registered twice")
        if gate is not None and (scope != "article" or gate not in assigns):
            raise PipelineError(
                f"stage {name!r}: gate {gate!r} must be one of the keys an article stage assigns "
                f"(assigns: {', '.join(map(repr, assigns)) or 'none'}; scope {scope!r})"
            )
        for req in requires:
            if req not in _REGISTRY:
                raise PipelineError(
                    f"stage {name!r} requires {req!r}, which is not registered before it "
                    f"(registered: {', '.join(_REGISTRY) or 'none'})"
                )
        _REGISTRY[name] = Stage(
            name=name,
            version_spec=version,
            scope=scope,
            func=func,
            requires=tuple(requires),
            assigns=tuple(assigns),
            spacy_components=frozenset(spacy_components),
            doc=(func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else "",
            gate=gate,
        )
        if default:
            DEFAULT_PIPELINE.append(name)
        return func

    return register


def get_stage(name: str) -> Stage:
    """The registered stage called ``name``.

    Raises:
        PipelineError: no stage has that name.
    """
    try:
        return _REGISTRY[name]
    except KeyError:
        raise PipelineError(f"no stage named {name!r} (known: {', '.join(_REGISTRY)})") from None


def registered() -> dict[str, Stage]:
    """Every registered stage by name, in registration order."""
    return dict(_REGISTRY)


def check_assigns(st: Stage, data: Mapping[str, Any]) -> None:
    """Raise PipelineError unless ``data`` holds exactly the keys ``st`` declares in ``assigns``."""
    keys = set(data)
    declared = set(st.assigns)
    if keys != declared:
        extra = sorted(keys - declared)
        missing = sorted(declared - keys)
        parts = ([f"undeclared {', '.join(map(repr, extra))}"] if extra else []) + (
            [f"missing {', '.join(map(repr, missing))}"] if missing else []
        )
        raise PipelineError(
            f"stage {st.name!r} returned keys that differ from its assigns ({'; '.join(parts)}); "
            f"declared: {', '.join(map(repr, st.assigns)) or 'none'}"
        )


def resolve(names: Sequence[str] | None = None) -> list[Stage]:
    """The stages to run, in order, with every requirement met by an earlier stage.

    Raises:
        PipelineError: a stage is unknown or comes before a stage it requires.
    """
    order = list(names) if names is not None else list(DEFAULT_PIPELINE)
    seen: set[str] = set()
    out: list[Stage] = []
    for name in order:
        st = get_stage(name)
        missing = [r for r in st.requires if r not in seen]
        if missing:
            raise PipelineError(
                f"stage {name!r} requires {', '.join(map(repr, missing))} to run before it; "
                f"order given: {', '.join(order)}"
            )
        seen.add(name)
        out.append(st)
    return out


def spacy_components_needed(stages: Sequence[Stage]) -> frozenset[str]:
    """The union of spaCy components that the given stages need from the shared NLP pass."""
    needed: set[str] = set()
    for st in stages:
        needed |= st.spacy_components
    return frozenset(needed)


@dataclass
class ArticleDoc:
    """An article with the stored results of the stages that ran before, as a stage sees it.

    ``readable`` names the stages whose results the running stage may read (its ``requires``);
    None allows any (for tests and evaluations that build documents by hand).
    """

    article: Article
    results: dict[str, StoredResult | StageResult] = field(default_factory=dict)
    _spacy_doc: "Doc | None" = None
    readable: frozenset[str] | None = None

    def _check(self, stage_name: str) -> None:
        if self.readable is not None and stage_name not in self.readable:
            raise PipelineError(
                f"a stage read the results of {stage_name!r}, which it does not require "
                f"(it requires: {', '.join(sorted(self.readable)) or 'nothing'}); add it to the stage's requires"
            )

    def data(self, stage_name: str) -> dict[str, Any]:
        """The data of a required stage's result for this article ({} when there is none).

        Raises:
            PipelineError: the running stage does not require ``stage_name``.
        """
        self._check(stage_name)
        res = self.results.get(stage_name)
        return res.data if res is not None else {}

    @property
    def spacy_doc(self) -> "Doc":
        """The spaCy Doc from the shared NLP pass, rebuilt from its stored bytes on first use."""
        if self._spacy_doc is None:
            from storyline.parsing import doc_from_result

            self._check("nlp")
            res = self.results.get("nlp")
            if res is None:
                raise PipelineError(f"article {self.article.id!r} has no 'nlp' result; run the nlp stage first")
            self._spacy_doc = doc_from_result(res)
        return self._spacy_doc


@dataclass
class CorpusContext:
    """What a corpus stage sees: every analysable article in publication order and prior results.

    Attributes:
        docs: callable yielding ArticleDoc in (published, id) order, with article-stage results
            of the stages this stage requires loaded.
        corpus_results: results of earlier corpus stages, by stage name.
        previous: this stage's own last stored result (for incremental work), or None.
        config: free-form options passed through from the engine.
    """

    docs: Callable[[], Iterator[ArticleDoc]]
    corpus_results: Mapping[str, StoredResult | StageResult]
    previous: StoredResult | None = None
    config: dict[str, Any] = field(default_factory=dict)


class RequiredResults(Mapping[str, "StoredResult | StageResult"]):
    """Earlier corpus stages' results as a corpus stage sees them: asking for a stage it does not
    require raises, so an undeclared dependency fails loudly instead of reading as absent."""

    def __init__(self, results: Mapping[str, StoredResult | StageResult], required: Iterable[str]) -> None:
        self._results = dict(results)
        self._required = frozenset(required)

    def __getitem__(self, name: str) -> StoredResult | StageResult:
        if name not in self._required:
            raise PipelineError(
                f"a corpus stage read the result of {name!r}, which it does not require "
                f"(it requires: {', '.join(sorted(self._required)) or 'nothing'})"
            )
        return self._results[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)
