"""What every track's documents say of the case: its parties, as a notice or an award names them."""

from __future__ import annotations

from jiefen.cases.models import Case


def case_parties(case: Case) -> list[str]:
    """申请人 and 被申请人 lines, with the masked identity number of each worker."""
    lines = []
    for claimant in case.claimants.select_related("worker"):
        worker = claimant.worker
        lines.append(
            f"申请人：{worker.name}，公民身份号码{worker.id_number_masked}"
            + (f"，住{worker.address}" if worker.address else "")
        )
    if case.employer:
        employer = case.employer
        line = f"被申请人：{employer.name}"
        if employer.identifier:
            line += f"，统一社会信用代码{employer.identifier}"
        if employer.legal_representative:
            line += f"，法定代表人{employer.legal_representative}"
        lines.append(line)
    return lines
