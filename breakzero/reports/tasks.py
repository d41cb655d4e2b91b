"""django.tasks wrappers: bulletins are generated in the background (ids in, service called)."""

from django.tasks import task


@task()
def bulletin_generate_task(bulletin_id: int) -> None:
    from breakzero.reports.services.bulletins import bulletin_generate

    bulletin_generate(bulletin_id=bulletin_id)
