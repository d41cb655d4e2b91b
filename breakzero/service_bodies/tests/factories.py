"""factory_boy factories for the service system."""

import datetime as dt
import itertools

import factory

from breakzero.rules.uscc import make_uscc
from breakzero.service_bodies.idnumbers import make_id_number
from breakzero.service_bodies.models import Engineer, ServiceBody, ServiceEvent, ServiceRecord
from breakzero.service_bodies.services.bodies import validity_end

_serial = itertools.count(1)


class ServiceBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceBody

    name = factory.Sequence(lambda n: f"湖南测试服务平台{n}")
    kind = ServiceBody.Kind.PLATFORM
    uscc = factory.LazyAttribute(lambda o: make_uscc("52", o.region_id if len(o.region_id) == 6 else "430104", f"MJ{next(_serial):06d}"))
    region_id = "430104"
    city_id = factory.LazyAttribute(lambda o: o.region_id[:4] + "00")
    recognized_on = dt.date(2020, 6, 1)
    valid_until = factory.LazyAttribute(lambda o: validity_end(o.recognized_on))
    contact_person = "王五"
    contact_phone = "13812345678"


class ServiceEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceEvent

    body = factory.SubFactory(ServiceBodyFactory)
    title = factory.Sequence(lambda n: f"破零专利培训第{n}期")
    held_on = dt.date(2021, 3, 15)


class ServiceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRecord

    body = factory.SubFactory(ServiceBodyFactory)
    served_on = dt.date(2021, 3, 1)
    content = "专利挖掘辅导"


class EngineerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engineer

    name = factory.Sequence(lambda n: f"工程师{n}")
    id_number = factory.LazyFunction(lambda: make_id_number(f"43010219900101{next(_serial) % 1000:03d}"))
    county_id = "430104"
    city_id = "430100"
