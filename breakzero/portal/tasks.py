"""django.tasks wrappers for the portal: keep the search table in step with publishing."""

from django.tasks import task


@task()
def search_page_refresh_task(page_id: int) -> None:
    """A page was published or unpublished (enqueued after commit); safe to run twice."""
    from breakzero.portal.search_index import search_page_refresh

    search_page_refresh(page_id=page_id)
