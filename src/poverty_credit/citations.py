"""Documents and citations: which document a policy encodes, and which article each rule applies.

A :class:`~poverty_credit.Policy` is a document (:class:`PolicyDocument`): the seed county's
Measures, a national notice, another county's measures. Its :attr:`Policy.citations
<poverty_credit.Policy.citations>` map each reason code to the :class:`Citation` of the article
that rule applies. Rules never hold an article number or a quotation of a document; they ask the
policy (:meth:`Policy.cite <poverty_credit.Policy.cite>`) and get a :class:`Cited`: the citation,
or, where the document gives none, the document's own name to speak of instead.

>>> doc = PolicyDocument(id="y-county", title="Y县扶贫小额信贷管理办法",
...                      short_name="the Y Measures", short_name_zh="本办法")
>>> c = Cited(Citation("Art. 8", "第八条", "60周岁以下"), doc)
>>> c.article, c.article_zh, c.quote
('Art. 8', '第八条', '60周岁以下')
>>> Cited(None, doc).ref_en, Cited(None, doc).ref_zh
('the Y Measures', '本办法')
"""

from __future__ import annotations

import datetime as _dt

import attrs

from poverty_credit._money import describe
from poverty_credit.errors import InvalidInputError, Problem

__all__ = ["Citation", "Cited", "PolicyDocument"]


def _text(value: object, field: str, *, optional: bool) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        what = "a non-empty str or None" if optional else "a non-empty str"
        raise InvalidInputError.single(field, f"must be {what} (got {describe(value)})")
    return value


@attrs.frozen(kw_only=True)
class PolicyDocument:
    """The document a policy encodes (SPEC D1).

    Attributes:
        id: a stable id, e.g. ``"x-county-measures"`` or ``"national-2021"``; results carry it as
            their ``policy_id``.
        title: the document's title, as issued.
        issuer: who issued it.
        number: its document number (文号), e.g. ``"银保监发〔2021〕6号"``.
        issued_on: the date it was issued or published.
        source: where its text was read (a URL or a reference).
        verified: ``False`` when its content is known only from a restatement (policy-sources [S]).
        short_name / short_name_zh: how messages speak of it where a rule has no article to cite
            (default: the number if any, else the title).

    >>> PolicyDocument(id="n", title="通知", number="银保监发〔2021〕6号").ref_en
    '银保监发〔2021〕6号'
    """

    id: str
    title: str
    issuer: str | None = None
    number: str | None = None
    issued_on: _dt.date | None = None
    source: str | None = None
    verified: bool = True
    short_name: str | None = None
    short_name_zh: str | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name, optional in (
            ("id", False),
            ("title", False),
            ("issuer", True),
            ("number", True),
            ("source", True),
            ("short_name", True),
            ("short_name_zh", True),
        ):
            try:
                _text(getattr(self, name), name, optional=optional)
            except InvalidInputError as exc:
                problems.extend(exc.problems)
        issued = self.issued_on
        if issued is not None and (
            not isinstance(issued, _dt.date) or isinstance(issued, _dt.datetime)
        ):
            problems.append(
                Problem("issued_on", f"must be a date or None (got {describe(issued)})")
            )
        if not isinstance(self.verified, bool):
            problems.append(Problem("verified", f"must be a bool (got {describe(self.verified)})"))
        if problems:
            raise InvalidInputError(problems)

    @property
    def ref_en(self) -> str:
        """How an English message names the document."""
        return self.short_name or self.number or self.title

    @property
    def ref_zh(self) -> str:
        """How a Chinese message names the document."""
        return self.short_name_zh or self.number or f"《{self.title}》"


@attrs.frozen
class Citation:
    """The article a rule applies: ``article`` ("Art. 9(1)"), its Chinese label ``article_zh``
    ("第九条第（一）项") and the words quoted from it (``quote``, "65周岁以下").

    >>> Citation("Art. 10", "第十条", "5万元以下")
    Citation(article='Art. 10', article_zh='第十条', quote='5万元以下')
    """

    article: str
    article_zh: str | None = None
    quote: str | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name, optional in (("article", False), ("article_zh", True), ("quote", True)):
            try:
                _text(getattr(self, name), name, optional=optional)
            except InvalidInputError as exc:
                problems.extend(exc.problems)
        if problems:
            raise InvalidInputError(problems)


@attrs.frozen
class Cited:
    """A citation looked up in a policy: what a rule puts in its reason and its messages.

    Where the policy has no citation for a rule, ``article`` is ``None`` and ``ref_en`` /
    ``ref_zh`` name the document instead, so a message never cites an article of another document.
    """

    citation: Citation | None
    document: PolicyDocument

    @property
    def article(self) -> str | None:
        """The article (``Reason.article``), or ``None``."""
        return self.citation.article if self.citation else None

    @property
    def article_zh(self) -> str | None:
        """The Chinese article label (``Reason.article_zh``), or ``None``."""
        return self.citation.article_zh if self.citation else None

    @property
    def quote(self) -> str:
        """The quoted words, or ``""``."""
        return (self.citation.quote or "") if self.citation else ""

    @property
    def ref_en(self) -> str:
        """The article, or the document's name where there is none."""
        return self.citation.article if self.citation else self.document.ref_en

    @property
    def ref_zh(self) -> str:
        """The Chinese article label (else the article), or the document's name."""
        if self.citation:
            return self.citation.article_zh or self.citation.article
        return self.document.ref_zh

    def en(self, sep: str = " ") -> str:
        """``"Art. 9(1) 65周岁以下"``: the reference and the quote, where there is one."""
        return f"{self.ref_en}{sep}{self.quote}" if self.quote else self.ref_en

    def zh(self) -> str:
        """``"第九条第（一）项“65周岁以下”"``: the reference and the quote in Chinese quotes."""
        return f"{self.ref_zh}“{self.quote}”" if self.quote else self.ref_zh
