"""What a page costs: the SQL statements it runs, against the length of its list."""

from __future__ import annotations

from collections.abc import Callable, Sequence


async def assert_constant_statements(
    client, statements, path: str, queries: Sequence[dict], length: Callable[[str], int]
) -> None:
    """Check that ``path`` runs as many statements for each of ``queries`` (a short list first,
    then a long one) while its list, measured by ``length`` on the HTML, grows."""
    counts = []
    for params in queries:
        with statements.counting() as counter:
            response = await client.get(path, params=params)
        assert response.status_code == 200, response.text
        counts.append((counter.count, length(response.text)))
    assert len({count for count, _ in counts}) == 1, counts
    assert counts[0][1] < counts[-1][1], counts
