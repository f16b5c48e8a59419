from django_tasks import task

from jiefen.centre.services import majors_screen, visits_create, visits_due_send


@task()
def return_visits_task() -> int:
    """Return visits: a visit for every case closed since, then the survey link of each visit
    fallen due (enqueued by the scheduler); returns how many links went out."""
    visits_create()
    return visits_due_send()


@task()
def major_screen_task() -> int:
    """Major cases: propose the open cases that meet the register's criteria; returns how many."""
    return majors_screen()
