// Facility status shaped like OASIS EDXL-HAVE 1.0 (Hospital AVailability Exchange), as JSON: element names follow
// the standard (HospitalStatus/Hospital/Organization, EmergencyDepartmentStatus/EMSTraffic,
// HospitalBedCapacityStatus/BedCapacity, HospitalFacilityStatus, LastUpdateTime); values from our Facility.
import type { Facility } from '../../core/index.ts';

const FACILITY_STATUS = {
  normal: 'Normal',
  compromised: 'Compromised',
  evacuating: 'Evacuating',
  closed: 'Closed',
} as const;
const EMS_TRAFFIC = { normal: 'Normal', advisory: 'Advisory', closed: 'Closed' } as const;
/** Our capabilities under HAVE ServiceCoverageStatus names where the standard has one. */
const SERVICE = {
  'damage-control-surgery': 'TraumaSurgery',
  blood: 'BloodBank',
  ct: 'ComputedTomography',
  icu: 'CriticalCare',
  burns: 'Burn',
  neuro: 'Neurosurgery',
  paediatrics: 'Pediatrics',
} as const;

function capacity(type: string, baseline: number, available: number | undefined) {
  return {
    BedCapacity: {
      BedType: type,
      Capacity: {
        CapacityStatus: available === undefined ? 'NotAvailable' : available > 0 ? 'Vacant/Available' : 'NotAvailable',
        ...(available !== undefined ? { AvailableCount: available } : {}),
        BaselineCount: baseline,
      },
    },
  };
}

export function facilitiesHave(facilities: readonly Facility[], now: string) {
  return {
    HospitalStatus: {
      Hospital: facilities.map((f) => ({
        Organization: {
          OrganizationInformation: {
            OrganizationID: f.id,
            OrganizationName: f.name,
            OrganizationTypeText: `NATO Role ${f.role}`,
          },
          OrganizationGeoLocation: { Latitude: f.position.lat, Longitude: f.position.lon },
        },
        EmergencyDepartmentStatus: { EMSTraffic: { EMSTrafficStatus: EMS_TRAFFIC[f.intake] } },
        HospitalBedCapacityStatus: [
          capacity('MedicalSurgical', f.beds, f.bedsAvailable),
          capacity('OperatingRooms', f.surgicalTables, f.tablesAvailable),
        ],
        ServiceCoverageStatus: Object.fromEntries(
          Object.entries(SERVICE).map(([ours, have]) => [have, f.capabilities.includes(ours as keyof typeof SERVICE)]),
        ),
        HospitalFacilityStatus: { FacilityStatus: FACILITY_STATUS[f.status], Hardened: f.hardened },
        LastUpdateTime: f.updatedAt ?? now,
      })),
    },
  };
}
