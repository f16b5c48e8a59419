"""What every track's documents say of the case: its parties, as a notice or an award names them."""

from __future__ import annotations

from jiefen.cases.models import Case


def case_parties(case: Case) -> list[str]:
    """申请人 and 被申请人 lines, with the masked identity number of each worker. The name is the
    one given on this case; a claim (linked by identity number alone) shows no more of the
    person on file, so not their address."""
    lines = []
    for claimant in case.claimants.select_related("worker"):
        worker = claimant.worker
        address = "" if claimant.claimed else worker.address
        lines.append(
            f"申请人：{claimant.shown_name}，公民身份号码{worker.id_number_masked}"
            + (f"，住{address}" if address else "")
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
