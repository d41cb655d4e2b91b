"""Service-system models: bodies, engineers, events, service records, evaluation, supply and demand."""

from breakzero.service_bodies.models.bodies import ServiceBody, ServiceBodyMember, ServiceProduct, Specialty
from breakzero.service_bodies.models.engineers import Engineer, EngineerTraining
from breakzero.service_bodies.models.evaluation import (
    ConflictDeclaration,
    EvaluationIndicator,
    EvaluationResult,
    EvaluationScheme,
    EvaluationSchemeRevision,
    ExpertAdjustment,
    SubsidyAllocation,
    SubsidyPlan,
)
from breakzero.service_bodies.models.events import EventAttendance, EventMaterial, EventRegistration, ServiceEvent
from breakzero.service_bodies.models.market import ServiceOffering, TechNeed
from breakzero.service_bodies.models.records import ServiceRating, ServiceRecord

__all__ = [
    "ConflictDeclaration",
    "Engineer",
    "EngineerTraining",
    "EvaluationIndicator",
    "EvaluationResult",
    "EvaluationScheme",
    "EvaluationSchemeRevision",
    "EventAttendance",
    "EventMaterial",
    "EventRegistration",
    "ExpertAdjustment",
    "ServiceBody",
    "ServiceBodyMember",
    "ServiceEvent",
    "ServiceOffering",
    "ServiceProduct",
    "ServiceRating",
    "ServiceRecord",
    "Specialty",
    "SubsidyAllocation",
    "SubsidyPlan",
    "TechNeed",
]
