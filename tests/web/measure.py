"""What a page costs: the SQL statements it runs, against the length of its list."""

from __future__ import annotations

from collections.abc import Callable, Sequence


async def assert_constant_statements(
    client, statements, paths: Sequence[str], length: Callable[[str], int]
) -> None:
    """Check that each of ``paths`` (a short list first, then a long one) runs as many
    statements while the list, measured by ``length`` on the HTML, grows."""
    counts = []
    for path in paths:
        with statements.counting() as counter:
            response = await client.get(path)
        assert response.status_code == 200, response.text
        counts.append((counter.count, length(response.text)))
    assert len({count for count, _ in counts}) == 1, counts
    assert counts[0][1] < counts[-1][1], counts
